"""Every write to the desk's teamwork records (comments, notifications, saved views)."""
