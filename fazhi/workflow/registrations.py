"""What the workflow app registers with the other apps at start-up (called once from ``AppConfig.ready``)."""


def register() -> None:
    from fazhi.laws.hooks import ARTICLE_USES
    from fazhi.workflow.provisions import article_uses

    ARTICLE_USES.append(article_uses)  # an article's page lists the time limits it sets
