"""What knowledge plugs into the core: its demo data."""

from portal.demo import demo_extensions


def demo_knowledge(program, users):
    from knowledge import demo

    demo.seed(program, users)


demo_extensions.register("knowledge", demo_knowledge)
