"""A selected ambassador or operator becomes a trainee: her account, her invitation, her trainee record.

Called by the ambassadors and operators apps when the selection engine selects one of theirs.
"""

from portal.services.invitations import person_invite_selected


def trainee_enrol_selected(*, application, details, actor, audience, track: str, role_code: str):
    from training.services import trainee_create

    user = person_invite_selected(
        audience=audience, actor=actor, email=application.email, full_name=details.full_name, role_code=role_code
    )
    return trainee_create(
        program=application.program,
        user=user,
        track=track,
        province=details.province,
        actor=actor,
        tckn=details.tckn,
        phone=details.phone,
    )
