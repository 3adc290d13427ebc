"""The framework structure as data: read from assessments/data/frameworks.yaml, written as a version.

`load_frameworks` is called by migration assessments.0002 (historical models), by `manage.py load_frameworks`
and by tests after a flush (real models). It is idempotent: a framework whose structure is unchanged gets
nothing new; a changed structure becomes a new version (the earlier one stays, with its assessments).
Only structure is loaded — codes, names, own-words descriptions, generic band labels, input categories,
industry groups and weight presets. Band descriptors, degree-of-relevance tables and best-in-class bands are
INCIT's licensed content: staff import them (services.content_import), never this file.
"""

import hashlib
import json
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "frameworks.yaml"
FACTORS = ("cost", "kpi", "proximity")


def read_yaml(path: Path = DATA_FILE) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _named(item: dict) -> dict:
    return {"code": str(item["code"]), "name_tr": item.get("name_tr") or item["name_en"], "name_en": item["name_en"]}


def structure_from_yaml(framework: dict, generic_bands: dict) -> dict:
    """The part of one framework's YAML entry the portal stores, in a canonical shape."""
    scale = framework.get("band_scale") or {}
    prioritisation = framework.get("prioritisation") or {}
    presets = (prioritisation.get("default_weights") or {}).get("reference_implementation_presets") or {}
    return {
        "band_min": int(scale.get("min", generic_bands["min"])),
        "band_max": int(scale.get("max", generic_bands["max"])),
        "bands": [
            {"band": int(b["band"]), "name_tr": b["name_tr"], "name_en": b["name_en"]} for b in generic_bands["bands"]
        ],
        "building_blocks": [
            {
                **_named(block),
                "pillars": [
                    {
                        **_named(pillar),
                        "dimensions": [
                            {
                                **_named(dim),
                                "short": dim.get("short", ""),
                                "description_tr": dim.get("description_tr", ""),
                                "description_en": dim.get("description_en", ""),
                            }
                            for dim in pillar["dimensions"]
                        ],
                    }
                    for pillar in block["pillars"]
                ],
            }
            for block in framework["building_blocks"]
        ],
        "cost_categories": [_named(c) for c in prioritisation.get("cost_categories") or []],
        "kpi_categories": [_named(c) for c in prioritisation.get("kpi_categories") or []],
        "industry_groups": [_named(g) for g in prioritisation.get("industry_groups") or []],
        "horizon_weights": {
            horizon: {factor: float(weights[factor]) for factor in FACTORS if factor in weights}
            for horizon, weights in sorted(presets.items())
        },
    }


def fingerprint(structure: dict) -> str:
    return hashlib.sha256(json.dumps(structure, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def structure_from_version(version, models) -> dict:
    """Read a stored version back into the canonical shape (to copy it into a new version)."""
    blocks = []
    for block in models["BuildingBlock"].objects.filter(version=version).order_by("order"):
        pillars = []
        for pillar in models["Pillar"].objects.filter(building_block=block).order_by("order"):
            dims = models["Dimension"].objects.filter(pillar=pillar).order_by("order")
            pillars.append(
                {
                    "code": pillar.code,
                    "name_tr": pillar.name_tr,
                    "name_en": pillar.name_en,
                    "dimensions": [
                        {
                            "code": d.code,
                            "name_tr": d.name_tr,
                            "name_en": d.name_en,
                            "short": d.short,
                            "description_tr": d.description_tr,
                            "description_en": d.description_en,
                        }
                        for d in dims
                    ],
                }
            )
        blocks.append({"code": block.code, "name_tr": block.name_tr, "name_en": block.name_en, "pillars": pillars})

    def named(qs):
        return [{"code": x.code, "name_tr": x.name_tr, "name_en": x.name_en} for x in qs.order_by("order")]

    categories = models["InputCategory"].objects.filter(version=version)
    return {
        "band_min": version.band_min,
        "band_max": version.band_max,
        "bands": [
            {"band": b.band, "name_tr": b.name_tr, "name_en": b.name_en}
            for b in models["BandLabel"].objects.filter(version=version).order_by("band")
        ],
        "building_blocks": blocks,
        "cost_categories": named(categories.filter(kind="cost")),
        "kpi_categories": named(categories.filter(kind="kpi")),
        "industry_groups": named(models["IndustryGroup"].objects.filter(version=version)),
        "horizon_weights": {
            w.horizon: w.weights for w in models["HorizonWeights"].objects.filter(version=version).order_by("horizon")
        },
    }


def create_version(models, framework, structure: dict, **fields):
    """A new version holding `structure`, made the current one for new assessments."""
    Version = models["FrameworkVersion"]
    latest = Version.objects.filter(framework=framework).order_by("-number").first()
    Version.objects.filter(framework=framework, is_current=True).update(is_current=False)
    version = Version.objects.create(
        framework=framework,
        number=(latest.number + 1) if latest else 1,
        is_current=True,
        band_min=structure["band_min"],
        band_max=structure["band_max"],
        structure_sha256=fingerprint(structure),
        **fields,
    )
    models["BandLabel"].objects.bulk_create(models["BandLabel"](version=version, **b) for b in structure["bands"])
    order = 0
    for b_order, block_data in enumerate(structure["building_blocks"]):
        block = models["BuildingBlock"].objects.create(
            version=version,
            order=b_order,
            **{k: v for k, v in block_data.items() if k != "pillars"},
        )
        for p_order, pillar_data in enumerate(block_data["pillars"]):
            pillar = models["Pillar"].objects.create(
                building_block=block,
                order=p_order,
                **{k: v for k, v in pillar_data.items() if k != "dimensions"},
            )
            dims = []
            for dim in pillar_data["dimensions"]:
                dims.append(models["Dimension"](version=version, pillar=pillar, order=order, **dim))
                order += 1
            models["Dimension"].objects.bulk_create(dims)
    Category = models["InputCategory"]
    Category.objects.bulk_create(
        [Category(version=version, kind="cost", order=i, **c) for i, c in enumerate(structure["cost_categories"])]
        + [Category(version=version, kind="kpi", order=i, **c) for i, c in enumerate(structure["kpi_categories"])]
    )
    models["IndustryGroup"].objects.bulk_create(
        models["IndustryGroup"](version=version, order=i, **g) for i, g in enumerate(structure["industry_groups"])
    )
    models["HorizonWeights"].objects.bulk_create(
        models["HorizonWeights"](version=version, horizon=h, weights=w) for h, w in structure["horizon_weights"].items()
    )
    return version


MODEL_NAMES = (
    "Framework",
    "FrameworkVersion",
    "BandLabel",
    "BuildingBlock",
    "Pillar",
    "Dimension",
    "InputCategory",
    "IndustryGroup",
    "HorizonWeights",
)


def real_models() -> dict:
    from assessments import models

    return {name: getattr(models, name) for name in MODEL_NAMES}


def load_frameworks(models: dict | None = None, path: Path = DATA_FILE) -> list:
    """Create the frameworks and, where the structure is new or changed, a version. Returns the new versions."""
    models = models or real_models()
    data = read_yaml(path)
    created = []
    for order, fw in enumerate(data["frameworks"]):
        framework, _ = models["Framework"].objects.update_or_create(
            code=fw["code"],
            defaults={
                "name_tr": fw["name_tr"],
                "name_en": fw["name_en"],
                "owner": fw.get("owner", ""),
                "order": order,
            },
        )
        structure = structure_from_yaml(fw, data["generic_band_scale"])
        sha = fingerprint(structure)
        latest = models["FrameworkVersion"].objects.filter(framework=framework).order_by("-number").first()
        if latest is not None and latest.structure_sha256 == sha:
            continue
        created.append(create_version(models, framework, structure, content_source="placeholder"))
    return created


def ensure_frameworks() -> None:
    """For tests after a flush (transactional tests wipe what the data migration loaded)."""
    from assessments.models import FrameworkVersion

    if not FrameworkVersion.objects.exists():
        load_frameworks()
