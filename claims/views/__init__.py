"""The browser pages, one module per part of the desk.

Every view requires login and opens with a permission check; reads go
through ``select_related``/``prefetch_related`` so that list pages run a
constant number of queries; writes go through ``claims.services``.
"""
