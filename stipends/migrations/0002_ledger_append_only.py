"""The ledger is append-only on PostgreSQL too: triggers refuse UPDATE and DELETE of transactions and entries,
and a deferred constraint trigger refuses a transaction whose entries do not sum to zero or are fewer than two.
On SQLite the code refuses the same (stipends.models.AppendOnly). Also adds the payment approver role to
databases migrated before it existed."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION stipends_ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER stipends_transaction_append_only BEFORE UPDATE OR DELETE ON stipends_transaction
    FOR EACH ROW EXECUTE FUNCTION stipends_ledger_refuse_change();
CREATE TRIGGER stipends_entry_append_only BEFORE UPDATE OR DELETE ON stipends_entry
    FOR EACH ROW EXECUTE FUNCTION stipends_ledger_refuse_change();

CREATE OR REPLACE FUNCTION stipends_ledger_check_balanced() RETURNS trigger AS $$
DECLARE
    total bigint;
    n integer;
BEGIN
    SELECT COALESCE(SUM(amount_kurus), 0), COUNT(*) INTO total, n
        FROM stipends_entry WHERE transaction_id = NEW.transaction_id;
    IF total <> 0 OR n < 2 THEN
        RAISE EXCEPTION 'ledger transaction % is unbalanced (sum %, % entries)', NEW.transaction_id, total, n;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER stipends_entry_balanced AFTER INSERT ON stipends_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION stipends_ledger_check_balanced();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS stipends_entry_balanced ON stipends_entry;
DROP TRIGGER IF EXISTS stipends_entry_append_only ON stipends_entry;
DROP TRIGGER IF EXISTS stipends_transaction_append_only ON stipends_transaction;
DROP FUNCTION IF EXISTS stipends_ledger_check_balanced();
DROP FUNCTION IF EXISTS stipends_ledger_refuse_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


def approver_role(apps, schema_editor):
    Role = apps.get_model("portal", "Role")
    if Role.objects.exists():  # a database migrated before the role existed
        Role.objects.get_or_create(
            code="finance_approver",
            defaults={
                "name_tr": "Ödeme onaylayıcı",
                "name_en": "Payment approver",
                "requires_mfa": True,
                "needs_firm": False,
                "order": 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("stipends", "0001_initial"),
        ("portal", "0002_reference_data"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(approver_role, migrations.RunPython.noop),
    ]
