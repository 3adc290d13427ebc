from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join a program by invitation (or, later, by applying to a call), never by open sign-up.
        return False
