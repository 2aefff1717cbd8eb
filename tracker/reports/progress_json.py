"""Progress figures as JSON: what `progress --format json` prints and the Web API answers."""

from django.utils import timezone

from tracker.reports.figures import figure_distributions
from tracker.reports.years import province_years, trend
from tracker.targets.calendar import current_year


def province_json(p, wards: bool = True) -> dict:
    data = {
        "province": {"code": p.code, "name": p.name},
        "year": p.year,
        "map": p.edition,
        "wards_total": p.wards_total,
        "registered": p.registered,
        "quota": p.quota,
        "meeting_all": p.meeting_all,
        "recognized": p.recognized,
        # The round (tracker.rounds.completeness): the wards' due date and who met it.
        "due": p.due.isoformat() if p.due else None,
        "complete": p.complete,
        "complete_on_time": p.complete_on_time,
        "late": p.late,
    }
    if wards:
        data["wards"] = [
            {
                "code": w.code,
                "name": w.name,
                "status": w.status,
                "met": w.met if w.status else None,
                "total": w.total if w.status else None,
                "missing": w.missing if w.status else None,
                "complete_at": timezone.localtime(w.complete_at).isoformat()
                if w.complete_at
                else None,
                "late_days": w.late_days,
            }
            for w in p.wards
        ]
        if p.has_predecessors:
            for entry, w in zip(data["wards"], p.wards, strict=True):
                entry["predecessors"] = w.predecessors
    return data


def national_json(rows, year: int, *, edition: str | None = None) -> dict:
    """Every province's figures (without their wards) for a year, and the country's years;
    with `edition`, the measured criteria's figures across that map's wards."""
    data = {
        "year": year,
        "provinces": [province_json(r, wards=False) for r in rows],
        "years": years_json(trend(up_to=current_year()).country),
    }
    if edition is not None:
        data["figures"] = [d.as_json() for d in figure_distributions(year=year, edition=edition)]
    return data


def province_report_json(p, *, province) -> dict:
    """A province's figures and wards, its years (tracker.reports.years) and the measured
    criteria's figures across its wards (tracker.reports.figures)."""
    data = province_json(p)
    data["years"] = years_json(province_years(code=p.code, up_to=current_year()))
    data["figures"] = [d.as_json() for d in figure_distributions(year=p.year, province=province)]
    return data


def years_json(rows) -> list[dict]:
    """The trend: every programme year from the pilot to today's."""
    return [
        {
            "year": r.year,
            "registered": r.registered,
            "meeting_all": r.meeting_all,
            "recognized": r.recognized,
        }
        for r in rows
    ]
