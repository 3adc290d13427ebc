"""Everything the portal holds about one person, gathered from the apps' registered providers (never imported)."""

from dataclasses import dataclass, field

from portal.personal_data import CATEGORIES, Document, Identifier, Section
from portal.registry import personal_data


def _providers():
    return [provider for _name, provider in sorted(personal_data.items())]


@dataclass
class SubjectData:
    sections: list[Section] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    def by_category(self) -> list[tuple[str, str, list[Section]]]:
        """(code, label, sections) in the inventory's category order, only categories that hold something."""
        grouped = []
        for code, label in CATEGORIES.items():
            sections = [s for s in self.sections if s.category == code and (s.items or s.records)]
            if sections:
                grouped.append((code, label, sections))
        return grouped

    def targets(self) -> set[tuple[str, str]]:
        """(model label, pk) of her records that carry identifiers or files: what the access log is searched for."""
        found = {(i.obj._meta.label_lower, str(i.obj.pk)) for i in self.identifiers}
        for document in self.documents:
            owner = getattr(document.file, "instance", None)
            if owner is not None:
                found.add((owner._meta.label_lower, str(owner.pk)))
        return found


def subject_data(*, user, program_id: int, with_documents: bool = True) -> SubjectData:
    data = SubjectData()
    for provider in _providers():
        data.sections += provider.sections(user=user, program_id=program_id)
        if provider.identifiers:
            data.identifiers += provider.identifiers(user=user, program_id=program_id)
        if with_documents and provider.documents:
            data.documents += [d for d in provider.documents(user=user, program_id=program_id) if d.file]
    return data


def subject_identifier(*, user, program_id: int, key: str) -> Identifier | None:
    for provider in _providers():
        if provider.identifiers:
            for identifier in provider.identifiers(user=user, program_id=program_id):
                if identifier.key == key:
                    return identifier
    return None


def subject_holds(*, user, program_id: int, policy, today) -> list[str]:
    reasons = []
    for provider in _providers():
        if provider.holds:
            reasons += provider.holds(user=user, program_id=program_id, policy=policy, today=today)
    return reasons
