"""One module per app that adds its objects to each program of the test world (see tests/world.py).

A module defines `extend(world: ProgramWorld, tag: str)`, runs with scopes disabled, may set attributes on
`world` for its matrix rows, and adds strings no outsider may see to `world.extra_secrets`.
"""
