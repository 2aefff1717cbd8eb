"""Django's makemessages, never touching tracker/locale/vi.

Our msgids are Vietnamese, so tracker/locale/vi holds only Vietnamese for third-party English
msgids, written by hand (README, "Translations"). makemessages would mark every one of them
obsolete, as none is in our code: --all and -l vi leave it alone.
"""

from django.core.management.commands import makemessages

KEPT = "vi"


class Command(makemessages.Command):
    def handle(self, *args, **options):
        if KEPT in (options.get("locale") or []) or options.get("all"):
            self.stdout.write(
                f"{KEPT}: left alone (tracker/locale/{KEPT} is written by hand; see the README)."
            )
        if options.get("locale") or options.get("all") or options.get("exclude"):
            # Without any of them Django says how to use it: left so.
            options["exclude"] = [*(options.get("exclude") or []), KEPT]
        return super().handle(*args, **options)
