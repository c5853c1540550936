"""Every write of the desk's teamwork: comments, notifications, email, reminders,
saved views.

As with ``claims.services``, views, tasks and commands call these functions
and nothing else; each refuses bad input with ``ClaimDeskError`` (or
``PermissionDenied``) and then changes nothing.
"""
