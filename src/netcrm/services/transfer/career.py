"""Career news from imports: how it reads, and the congratulations it puts in `due`."""

# A congratulation is timely for two weeks after the news arrives.
CONGRATULATE_DAYS = 14


def describe(
    old_company: str | None, new_company: str | None, old_role: str | None, new_role: str | None
) -> str:
    """'moved from Engineer at Acme to CTO at Beta'."""
    return f"moved from {_post(old_role, old_company)} to {_post(new_role, new_company)}"


def _post(role: str | None, company: str | None) -> str:
    if role and company:
        return f"{role} at {company}"
    return role or company or "?"
