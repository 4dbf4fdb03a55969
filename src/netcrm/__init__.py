"""netcrm: a terminal-first personal networking CRM."""

__version__ = "0.1.0"
