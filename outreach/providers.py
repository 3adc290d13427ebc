"""What outreach plugs into the core: its demo data."""

from portal.demo import demo_extensions


def demo_outreach(program, users):
    from outreach import demo

    demo.seed(program, users)


demo_extensions.register("outreach", demo_outreach)
