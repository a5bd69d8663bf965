"""What enforcement registers with the other apps at start-up (called once from ``AppConfig.ready``)."""


def register() -> None:
    pass
