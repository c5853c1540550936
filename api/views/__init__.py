"""The API's views, one module a resource, each with its ``urlpatterns``.

Serializers validate and shape; every write goes through ``claims.services``
(never a serializer's ``save()``), so the desk's rules hold here as on the pages.
"""
