"""One number that changes with every write to the programme's data, for caching report pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A single row, bumped by database triggers (tracker.data_version), never by Python code.

    Report pages are cached under its value. Because the database bumps it in
    the writing transaction, whatever path the write took (a form, the admin,
    an import's raw SQL, a management command), a page is never served from
    data older than the last committed write.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    # Random, drawn whenever the row is created: a database emptied and filled
    # again (a test flush, a new database) starts a new series of numbers.
    epoch = models.CharField(max_length=32)
    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self):
        return f"{self.epoch}-{self.number}"
