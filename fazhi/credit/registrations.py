"""What credit registers with the other apps at start-up (called once from ``AppConfig.ready``). Each part of the
module registers its own matters, workflows, menus, demo data and role grants."""


def register() -> None:
    from fazhi.credit import measures, records, reports, rights

    records.register()
    measures.register()
    rights.register()
    reports.register()
