"""The Web API for the provinces' own systems and scripts (Django REST framework).

Above every concept package: it reads through their selectors and writes through their
services, with the same permissions and locks as the pages; none of them imports it.
"""
