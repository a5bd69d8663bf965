"""(to be written)"""


def register() -> None:
    """Menus, matters, workflows, demo loaders and role grants of this part."""
