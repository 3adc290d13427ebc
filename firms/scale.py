"""Scale seeder of firms (portal.scale): firm applications to the firm call (every status), their transitions
and reviews, the selected ones as firms with a firm user each, and workforce snapshots over time.

Provinces are weighted towards the industrial ones, sectors towards the big manufacturing divisions.
"""

import hashlib
from datetime import timedelta
from decimal import Decimal

from stdnum.tr import vkn as vkn_numbers

from firms.models import Firm, FirmApplication, TurnoverBand, WorkforceSnapshot, size_class_for
from portal import roles
from portal.models import Application, Province, Review, ReviewScore, RubricCriterion, Sector, Transition
from portal.pii import pii_hash

# plate -> weight (share of manufacturing firms, roughly); other provinces weigh 1
PROVINCE_WEIGHTS = {
    34: 60, 41: 18, 16: 16, 35: 15, 6: 12, 45: 6, 42: 8, 38: 6, 27: 7, 20: 5, 59: 8, 1: 4, 26: 4, 54: 4,
    11: 2, 33: 3, 31: 3, 3: 2, 43: 2, 10: 3, 46: 3, 55: 2, 64: 2, 39: 2,
}  # fmt: skip
# NACE division -> weight; others weigh 2
SECTOR_WEIGHTS = {"10": 12, "13": 10, "14": 9, "22": 7, "24": 5, "25": 12, "27": 6, "28": 9, "29": 8, "20": 5}
S = Application.Status
# status of the applications that were not selected, with weights
OTHER_STATUSES = [
    (S.REJECTED, 30),
    (S.WAITLISTED, 15),
    (S.INELIGIBLE, 15),
    (S.SUBMITTED, 15),
    (S.SHORTLISTED, 10),
    (S.INTERVIEW, 5),
    (S.DRAFT, 10),
]
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.INELIGIBLE: [S.SUBMITTED, S.INELIGIBLE],
    S.SHORTLISTED: [S.SUBMITTED, S.SHORTLISTED],
    S.INTERVIEW: [S.SUBMITTED, S.SHORTLISTED, S.INTERVIEW],
    S.SELECTED: [S.SUBMITTED, S.SHORTLISTED, S.SELECTED],
    S.WAITLISTED: [S.SUBMITTED, S.SHORTLISTED, S.WAITLISTED],
    S.REJECTED: [S.SUBMITTED, S.REJECTED],
}
WORDS = ["Anadolu", "Ege", "Marmara", "Toros", "Yıldız", "Kartal", "Güneş", "Doğu", "Birlik", "Yeni", "Öz", "Kuzey"]
KINDS = ["Metal", "Tekstil", "Plastik", "Gıda", "Makine", "Kimya", "Otomotiv", "Elektronik", "Mobilya", "Ambalaj"]
FORMS = ["A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş."]


def valid_vkn(n: int) -> str:
    base = f"{n % 1_000_000_000:09d}"
    return base + vkn_numbers.calc_check_digit(base)


def seed(ctx) -> None:
    rng = ctx.rng
    n_firms = ctx.size("firms")
    n_apps = max(n_firms, round(n_firms * ctx.size("applications_per_firm", 1.5)))
    provinces = list(Province.objects.order_by("plate"))
    sectors = list(Sector.objects.order_by("division"))
    province_w = [PROVINCE_WEIGHTS.get(p.plate, 1) for p in provinces]
    sector_w = [SECTOR_WEIGHTS.get(s.division, 2) for s in sectors]
    call_id = ctx.shared["calls"]["firm"]
    reviewers = ctx.people[roles.STAFF]
    criteria = list(RubricCriterion.objects.filter(call_id=call_id).order_by("order"))
    opens = ctx.now - timedelta(days=400)

    # who is selected: n_firms of the n_apps, spread evenly through the list
    selected = set(rng.sample(range(n_apps), n_firms))
    others = [s for s, _w in OTHER_STATUSES]
    other_w = [w for _s, w in OTHER_STATUSES]
    app_ids = ctx.reserve_ids(Application, n_apps)
    code = ctx.program.code
    apps, details = [], []
    for i, pk in enumerate(app_ids):
        status = S.SELECTED if i in selected else rng.choices(others, other_w)[0]
        province = rng.choices(provinces, province_w)[0]
        sector = rng.choices(sectors, sector_w)[0]
        blue = int(rng.lognormvariate(3.8, 0.9)) + 5
        white = max(2, blue // rng.randint(3, 8))
        vkn = valid_vkn(700_000_000 + ctx.program.pk * 100_000 + i)
        name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {i + 1} {rng.choice(FORMS)}"
        created = opens + timedelta(minutes=rng.randint(0, 60 * 24 * 40))
        submitted = None if status == S.DRAFT else created + timedelta(hours=rng.randint(1, 72))
        score = None
        if status in (S.SHORTLISTED, S.INTERVIEW, S.SELECTED, S.WAITLISTED, S.REJECTED):
            score = Decimal(rng.randint(150, 500)) / 100
        apps.append(
            {
                "pk": pk,
                "status": status,
                "created": created,
                "submitted": submitted,
                "score": score,
                "name": name,
                "vkn": vkn,
                "province": province,
                "sector": sector,
            }
        )
        details.append(
            (
                pk,
                name,
                vkn,
                province.pk,
                sector.pk,
                "Merkez",
                f"{province.name} OSB" if rng.random() < 0.5 else "",
                rng.choice(TurnoverBand.values),
                rng.random() < 0.6,
                rng.random() < 0.4,
                white,
                min(white, int(white * rng.uniform(0.2, 0.6))),
                blue,
                min(blue, int(blue * rng.uniform(0.05, 0.45))),
                f"İletişim {i + 1}",
                "Genel Müdür",
                f"iletisim{i + 1}.{code}@firma.kadinimalat.test",
                "05320000000",
                True,
            )
        )
    ctx.rows(
        Application,
        [
            "id",
            "call_id",
            "group",
            "email",
            "language",
            "token_hash",
            "status",
            "display_name",
            "province_id",
            "sector_id",
            "size_class",
            "quota_key",
            "dedupe_hash",
            "eligible",
            "eligibility",
            "needs_case_review",
            "score",
            "score_spread",
            "created_at",
            "updated_at",
            "submitted_at",
        ],
        (
            (
                a["pk"],
                call_id,
                "firm",
                f"basvuru{i + 1}.{code}@firma.kadinimalat.test",
                "tr",
                hashlib.sha256(f"scale:{code}:{a['pk']}".encode()).hexdigest(),
                a["status"],
                a["name"],
                a["province"].pk,
                a["sector"].pk,
                size_class_for(d[10] + d[12]),
                f"province:{a['province'].plate}",
                pii_hash("vkn", a["vkn"]),
                None if a["status"] == S.DRAFT else a["status"] != S.INELIGIBLE,
                [],
                a["province"].earthquake_2023,
                a["score"],
                None if a["score"] is None else Decimal(rng.randint(0, 150)) / 100,
                a["created"],
                a["submitted"] or a["created"],
                a["submitted"],
            )
            for i, (a, d) in enumerate(zip(apps, details, strict=True))
        ),
    )
    ctx.rows(
        FirmApplication,
        [
            "application_id",
            "trade_name",
            "tax_number",
            "province_id",
            "sector_id",
            "district",
            "osb",
            "turnover_band",
            "digital_interest",
            "green_interest",
            "white_collar_total",
            "white_collar_women",
            "blue_collar_total",
            "blue_collar_women",
            "contact_name",
            "contact_title",
            "contact_email",
            "contact_phone",
            "privacy_consent",
        ],
        details,
    )
    # the history: one transition per step, by staff (draft -> submitted by nobody: the applicant)
    transitions = []
    for a in apps:
        prev, at = S.DRAFT, a["created"]
        for step in PATHS[a["status"]]:
            at = at + timedelta(days=rng.randint(1, 10))
            transitions.append((a["pk"], prev, step, None if step == S.SUBMITTED else rng.choice(reviewers), at))
            prev = step
    ctx.rows(Transition, ["application_id", "from_status", "to_status", "actor_id", "created_at"], transitions)
    # two reviews with scores for everything that got past the eligibility check
    reviewed = [a for a in apps if a["score"] is not None]
    review_ids = iter(ctx.reserve_ids(Review, 2 * len(reviewed)))
    reviews, scores = [], []
    for a in reviewed:
        for reviewer in rng.sample(reviewers, min(2, len(reviewers))):
            rid = next(review_ids)
            at = (a["submitted"] or a["created"]) + timedelta(days=rng.randint(2, 20))
            reviews.append((rid, a["pk"], reviewer, ctx.actor_id, False, "", at, at))
            scores += [(rid, c.pk, rng.randint(1, c.max_score), "") for c in criteria]
    ctx.rows(
        Review,
        [
            "id",
            "application_id",
            "reviewer_id",
            "assigned_by_id",
            "conflict_of_interest",
            "conflict_note",
            "submitted_at",
            "created_at",
        ],
        reviews,
    )
    ctx.rows(ReviewScore, ["review_id", "criterion_id", "score", "comment"], scores)

    # the selected applications become firms, each with a firm user
    chosen = [(a, d) for a, d in zip(apps, details, strict=True) if a["status"] == S.SELECTED]
    firm_ids = list(ctx.reserve_ids(Firm, len(chosen)))
    ctx.rows(
        Firm,
        [
            "id",
            "name",
            "tax_number",
            "tax_number_hash",
            "province_id",
            "sector_id",
            "district",
            "osb",
            "turnover_band",
            "digital_interest",
            "green_interest",
            "address",
            "application_id",
            "agreement",
            "created_at",
        ],
        (
            (
                fid,
                a["name"],
                a["vkn"],
                pii_hash("vkn", a["vkn"]),
                d[3],
                d[4],
                d[5],
                d[6],
                d[7],
                d[8],
                d[9],
                f"{a['province'].name} Organize Sanayi Bölgesi {rng.randint(1, 40)}. Cadde No: {rng.randint(1, 200)}",
                a["pk"],
                f"firms/agreements/scale-{fid}.pdf" if rng.random() < 0.8 else "",
                a["submitted"] + timedelta(days=30),
            )
            for fid, (a, d) in zip(firm_ids, chosen, strict=True)
        ),
    )
    ctx.people[roles.FIRM] = ctx.make_users("firma", len(firm_ids), roles.FIRM, firm_ids=firm_ids, login=True)
    ctx.people.setdefault("logins", {})[roles.FIRM] = ctx.email("firma", 1)

    # workforce: the baseline from the application, then updates every ~quarter with slowly more women
    snapshots = []
    n_snap = ctx.size("workforce_snapshots_per_firm", 3)
    for fid, (_a, d) in zip(firm_ids, chosen, strict=True):
        wct, wcw, bct, bcw = d[10], d[11], d[12], d[13]
        as_of = ctx.today - timedelta(days=90 * n_snap)
        for _k in range(n_snap):
            women = wcw + bcw
            snapshots.append((fid, as_of, wcw, wct - wcw, bcw, bct - bcw, rng.randint(0, women // 3), ctx.now))
            as_of += timedelta(days=90)
            gain = rng.randint(0, 3)
            bcw, bct = bcw + gain, bct + gain
            wcw = min(wct, wcw + rng.randint(0, 1))
    ctx.rows(
        WorkforceSnapshot,
        [
            "firm_id",
            "as_of",
            "white_collar_women",
            "white_collar_men",
            "blue_collar_women",
            "blue_collar_men",
            "technical_women",
            "created_at",
        ],
        snapshots,
    )
    ctx.log(f"firms: {len(apps)} applications, {len(firm_ids)} firms, {len(snapshots)} workforce snapshots")
