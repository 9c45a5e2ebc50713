"""The reference-data loader: frameworks, levels, credit systems, fields of study, skills and
rules seeded from the CSV files in `frameworks/reference_data/`."""

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import models, transaction

from frameworks.models import (
    CreditSystem,
    DescriptionElement,
    FieldOfStudy,
    FrameworkAlignment,
    FrameworkRule,
    Level,
    LevelReference,
    QualificationsFramework,
    Relation,
    Skill,
)

REFERENCE_DATA_DIR = Path(__file__).resolve().parent / "reference_data"


class ReferenceDataError(ValueError):
    """A reference file is missing, lacks a column, or names something that does not exist."""


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadReport:
    """What `load_reference_data` did, per kind of row (in loading order)."""

    counts: dict[str, ModelCounts] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{name}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for name, c in self.counts.items()
        ]


@transaction.atomic
def load_reference_data(directory: Path | str | None = None) -> LoadReport:
    """Seed frameworks, levels, credit systems and the other reference tables from CSV files.

    Rule for rows that already exist (a regulator may have corrected them in the admin): the
    CSV *seeds*, the database *owns*. A missing row is created from the CSV; on an existing row
    (matched by its natural key, e.g. credit system code, or framework + level code) a field is
    written only while it is still empty in the database and the CSV has a value for it. So a
    reload never overwrites an edited title, descriptor or hours per credit, running it twice
    changes nothing, and a column newly filled in the CSV still reaches rows that lack it. To
    take a corrected CSV value over an existing one, a regulator edits it in the admin.

    Everything happens in one transaction: a bad file raises `ReferenceDataError` and writes
    nothing.
    """
    directory = Path(directory) if directory else REFERENCE_DATA_DIR
    report = LoadReport()
    systems = _load_credit_systems(directory, report)
    frameworks = _load_frameworks(directory, report, systems)
    levels = _load_levels(directory, report, frameworks)
    _load_level_mappings(directory, report, frameworks, levels)
    _load_fields_of_study(directory, report)
    _load_rules(directory, report)
    _load_description_elements(directory, report)
    _load_skills(directory, report)
    return report


def _read(directory: Path, name: str, columns: set[str]) -> list[dict[str, str]]:
    path = directory / name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = columns - set(reader.fieldnames or ())
            if missing:
                raise ReferenceDataError(
                    f"{name} lacks the column(s) {', '.join(sorted(missing))}."
                )
            return [{key: (value or "").strip() for key, value in row.items()} for row in reader]
    except FileNotFoundError:
        raise ReferenceDataError(f"{path} is missing.") from None


def _is_empty(value) -> bool:
    return value is None or value in ("", [])


def _plain(value):
    return value.pk if isinstance(value, models.Model) else value


def _sync(report: LoadReport, model, rows: list[dict], key: tuple[str, ...]) -> dict:
    """Create missing rows and fill empty fields of existing ones; answer every row by key."""
    existing = {tuple(obj.serializable_value(f) for f in key): obj for obj in model.objects.all()}
    counts = report.counts.setdefault(str(model._meta.verbose_name_plural), ModelCounts())
    seen, to_create, to_update, filled_fields = set(), [], [], set()
    for row in rows:
        row_key = tuple(_plain(row[f]) for f in key)
        if row_key in seen:
            raise ReferenceDataError(f"{model._meta.verbose_name} {row_key} appears twice.")
        seen.add(row_key)
        obj = existing.get(row_key)
        if obj is None:
            existing[row_key] = obj = model(**row)
            to_create.append(obj)
            continue
        filled = [
            name
            for name, value in row.items()
            if not _is_empty(value) and _is_empty(obj.serializable_value(name))
        ]
        for name in filled:
            setattr(obj, name, row[name])
        if filled:
            to_update.append(obj)
            filled_fields.update(filled)
        else:
            counts.unchanged += 1
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, sorted(filled_fields))
    counts.created += len(to_create)
    counts.updated += len(to_update)
    return existing


def _decimal(text: str, what: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ReferenceDataError(f"{what}: {text!r} is not a number.") from None


def _hours_range(text: str) -> tuple[Decimal | None, Decimal | None]:
    """'10' -> (10, 10); '25-30' -> (25, 30); blank or words such as 'unconfirmed' -> no hours."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?", text)
    if not match:
        return None, None
    low, high = match.groups()
    return Decimal(low), Decimal(high or low)


def _load_credit_systems(directory: Path, report: LoadReport) -> dict:
    names = {
        row["credit_system_code"]: row["name"]
        for row in _read(directory, "credit_system_names.csv", {"credit_system_code", "name"})
    }
    provisional = {
        row["credit_system_code"]: row
        for row in _read(
            directory,
            "provisional_credit_values.csv",
            {"credit_system_code", "hours_per_credit_min", "hours_per_credit_max", "basis"},
        )
    }
    rows = []
    for row in _read(
        directory,
        "credit_systems.csv",
        {
            "credit_system_code",
            "jurisdiction",
            "notional_hours_per_credit",
            "full_time_year_credits",
        },
    ):
        code = row["credit_system_code"]
        if code not in names:
            raise ReferenceDataError(f"credit_system_names.csv has no name for {code}.")
        low, high = _hours_range(row["notional_hours_per_credit"])
        values = {
            "code": code,
            "name": names[code],
            "jurisdiction": row["jurisdiction"],
            "hours_per_credit_min": low,
            "hours_per_credit_max": high,
            "credits_per_full_time_year": _whole(row["full_time_year_credits"], code),
            "is_provisional": False,
            "provisional_basis": "",
            "notes": row.get("notes", ""),
            "source_url": row.get("source_url", ""),
            "confidence": row.get("confidence", ""),
        }
        if code in provisional:
            overlay = provisional.pop(code)
            values.update(
                hours_per_credit_min=_decimal(overlay["hours_per_credit_min"], code),
                hours_per_credit_max=_decimal(overlay["hours_per_credit_max"], code),
                is_provisional=True,
                provisional_basis=overlay["basis"],
                confidence=overlay.get("confidence") or values["confidence"],
            )
        rows.append(values)
    if provisional:
        raise ReferenceDataError(f"Provisional values for unknown systems: {sorted(provisional)}.")
    synced = _sync(report, CreditSystem, rows, ("code",))
    return {key[0]: obj for key, obj in synced.items()}


def _load_frameworks(directory: Path, report: LoadReport, systems: dict) -> dict:
    rows = []
    for row in _read(
        directory,
        "frameworks.csv",
        {"code", "name", "short_name", "jurisdiction", "jurisdiction_code", "credit_system_code"},
    ):
        system_code = row["credit_system_code"]
        if system_code and system_code not in systems:
            raise ReferenceDataError(f"{row['code']}: unknown credit system {system_code}.")
        rows.append(
            {
                "code": row["code"],
                "name": row["name"],
                "short_name": row["short_name"],
                "jurisdiction": row["jurisdiction"],
                "jurisdiction_code": row["jurisdiction_code"],
                "credit_system": systems.get(system_code),
                "description": row.get("description", ""),
                "source_url": row.get("source_url", ""),
            }
        )
    synced = _sync(report, QualificationsFramework, rows, ("code",))
    return {key[0]: obj for key, obj in synced.items()}


def _framework(frameworks: dict, code: str, where: str) -> QualificationsFramework:
    try:
        return frameworks[code]
    except KeyError:
        raise ReferenceDataError(f"{where}: unknown framework {code}.") from None


def _whole(text: str, where: str, *, required: bool = False) -> int | None:
    if not text and not required:
        return None
    try:
        return int(text)
    except ValueError:
        raise ReferenceDataError(f"{where}: {text!r} is not a whole number.") from None


def _load_levels(directory: Path, report: LoadReport, frameworks: dict) -> dict:
    rows: dict[tuple[str, str], dict] = {}
    for row in _read(
        directory, "framework_levels.csv", {"framework_code", "level", "short_title_paraphrased"}
    ):
        where = f"framework_levels.csv {row['framework_code']} {row['level']}"
        rows[(row["framework_code"], row["level"])] = {
            "framework": _framework(frameworks, row["framework_code"], where),
            "code": row["level"],
            "ordinal": _whole(row["level"], where, required=True),
            "title": row["short_title_paraphrased"],
            "typical_qualifications": row.get("typical_qualifications", ""),
            "typical_credits": row.get("typical_min_credits", ""),
            "source_url": row.get("source_url", ""),
            "confidence": row.get("confidence", ""),
        }
    for row in _read(directory, "additional_levels.csv", {"framework_code", "level", "ordinal"}):
        where = f"additional_levels.csv {row['framework_code']} {row['level']}"
        rows[(row["framework_code"], row["level"])] = {
            "framework": _framework(frameworks, row["framework_code"], where),
            "code": row["level"],
            "ordinal": _whole(row["ordinal"], where, required=True),
            "source_url": row.get("source_url", ""),
            "confidence": row.get("confidence", ""),
        }
    for row in _read(
        directory,
        "level_descriptors.csv",
        {"framework_code", "level", "knowledge", "skills", "autonomy"},
    ):
        level = rows.get((row["framework_code"], row["level"]))
        if level is None:
            raise ReferenceDataError(
                f"level_descriptors.csv: no level {row['level']} in {row['framework_code']}."
            )
        level.update(
            knowledge=row["knowledge"],
            skills=row["skills"],
            autonomy=row["autonomy"],
            descriptor_source_url=row.get("source_url", ""),
        )
    return _sync(report, Level, list(rows.values()), ("framework", "code"))


def _relation(text: str, where: str) -> Relation:
    try:
        return Relation(text.replace(" ", "_"))
    except ValueError:
        raise ReferenceDataError(f"{where}: unknown relation {text!r}.") from None


def _load_level_mappings(directory: Path, report: LoadReport, frameworks: dict, levels: dict):
    """Level-to-level rows become `LevelReference`s; range rows ("1-10") framework notes."""

    def level(framework: QualificationsFramework, code: str, where: str) -> Level:
        try:
            return levels[(framework.pk, code)]
        except KeyError:
            raise ReferenceDataError(f"{where}: no level {code} in {framework.code}.") from None

    references, alignments = [], []
    for row in _read(
        directory,
        "level_mappings.csv",
        {"from_framework", "from_level", "to_framework", "to_level", "relation"},
    ):
        where = f"level_mappings.csv {row['from_framework']} {row['from_level']}"
        source = _framework(frameworks, row["from_framework"], where)
        target = _framework(frameworks, row["to_framework"], where)
        common = {
            "relation": _relation(row["relation"], where),
            "status": row.get("status", ""),
            "basis": row.get("basis", ""),
            "source_url": row.get("source_url", ""),
            "confidence": row.get("confidence", ""),
        }
        if re.fullmatch(r"\d+-\d+", row["from_level"]):
            alignments.append(
                {
                    "framework": source,
                    "target": target,
                    "levels": row["from_level"],
                    "target_levels": row["to_level"],
                    **common,
                }
            )
        else:
            references.append(
                {
                    "from_level": level(source, row["from_level"], where),
                    "to_framework": target,
                    "to_level": level(target, row["to_level"], where) if row["to_level"] else None,
                    **common,
                }
            )
    _sync(report, LevelReference, references, ("from_level", "to_framework"))
    _sync(report, FrameworkAlignment, alignments, ("framework", "target"))


def _load_fields_of_study(directory: Path, report: LoadReport):
    rows = _read(directory, "isced_f_2013_fields.csv", {"code", "level", "parent_code", "name_en"})
    unknown_levels = {row["level"] for row in rows} - set(FieldOfStudy.FieldLevel)
    if unknown_levels:
        raise ReferenceDataError(f"ISCED-F: unknown level(s) {sorted(unknown_levels)}.")
    known: dict = {}
    for field_level in FieldOfStudy.FieldLevel:  # broad, then narrow, then detailed
        batch = []
        for row in rows:
            if row["level"] != field_level:
                continue
            parent = known.get((row["parent_code"],)) if row["parent_code"] else None
            if row["parent_code"] and parent is None:
                raise ReferenceDataError(f"ISCED-F {row['code']}: unknown parent.")
            batch.append(
                {
                    "code": row["code"],
                    "level": field_level,
                    "parent": parent,
                    "name": row["name_en"],
                }
            )
        known = _sync(report, FieldOfStudy, batch, ("code",))


_NUMBER = r"(\d+(?:\.\d+)?)"


def _rule_bounds(rule: str, value: str, unit: str) -> tuple[Decimal | None, Decimal | None]:
    """Numeric (minimum, maximum) of a rule's value as stated, or (None, None) if it has none.

    'A-B' anywhere gives both bounds ('5-40', '1 ECTS = 25-30'); 'up to N' a maximum; a lone N is
    a minimum or maximum when the rule or unit says 'min'/'max', otherwise an exact value (both).
    """
    text = value.lower()
    if match := re.match(rf"up to {_NUMBER}", text):
        return None, Decimal(match[1])
    if match := re.search(rf"{_NUMBER}\s*-\s*{_NUMBER}", text):
        return Decimal(match[1]), Decimal(match[2])
    if not re.fullmatch(_NUMBER, text):
        return None, None
    number = Decimal(text)
    wording = f"{rule} {unit}".lower()
    if re.search(r"\bmin(imum)?\b", wording):
        return number, None
    if re.search(r"\bmax(imum)?\b", wording):
        return None, number
    return number, number


def _load_rules(directory: Path, report: LoadReport):
    by_jurisdiction: dict[str, list] = {}
    for framework in QualificationsFramework.objects.all():
        by_jurisdiction.setdefault(framework.jurisdiction_code, []).append(framework)
    rows = []
    for row in _read(
        directory,
        "microcredential_rules.csv",
        {"jurisdiction", "instrument", "date", "rule", "value", "unit"},
    ):
        frameworks = by_jurisdiction.get(row["jurisdiction"], [])
        minimum, maximum = _rule_bounds(row["rule"], row["value"], row["unit"])
        rows.append(
            {
                "jurisdiction": row["jurisdiction"],
                "framework": frameworks[0] if len(frameworks) == 1 else None,
                "instrument": row["instrument"],
                "instrument_date": row["date"],
                "rule": row["rule"],
                "minimum": minimum,
                "maximum": maximum,
                "unit": row["unit"],
                "value": row["value"],
                "source_url": row.get("source_url", ""),
                "confidence": row.get("confidence", ""),
                "checked_on_submission": row.get("checked_on_submission", "") == "yes",
                "applies_to_kind": row.get("applies_to_kind", ""),
            }
        )
    _sync(report, FrameworkRule, rows, ("jurisdiction", "instrument", "rule"))


def _load_description_elements(directory: Path, report: LoadReport):
    rows = [
        {
            "number": _whole(row["element_no"], "eu_microcredential_elements.csv", required=True),
            "key": row["element_key"],
            "label": row["label_short"],
            "status": row["status"],
            "source_url": row.get("source_url", ""),
            "confidence": row.get("confidence", ""),
        }
        for row in _read(
            directory,
            "eu_microcredential_elements.csv",
            {"element_no", "element_key", "label_short", "status"},
        )
    ]
    _sync(report, DescriptionElement, rows, ("key",))


def _load_skills(directory: Path, report: LoadReport):
    """ESCO collections: `<name>SkillsCollection_compact.csv`, a skill may be in several."""
    skills: dict[str, dict] = {}
    for path in sorted((directory / "esco").glob("*SkillsCollection_compact.csv")):
        collection = path.name.removesuffix("SkillsCollection_compact.csv").lower()
        for row in _read(
            path.parent, path.name, {"conceptUri", "preferredLabel", "skillType", "reuseLevel"}
        ):
            skill = skills.setdefault(
                row["conceptUri"],
                {
                    "concept_uri": row["conceptUri"],
                    "label": row["preferredLabel"],
                    "skill_type": row["skillType"],
                    "reuse_level": row["reuseLevel"],
                    "collections": [],
                },
            )
            skill["collections"].append(collection)
    _sync(report, Skill, list(skills.values()), ("concept_uri",))
