"""Command line of Amane: `python -m bot serve | parse | train | purge | reseal | migrate | ...`."""
from __future__ import annotations

import argparse
import sys

from bot.logs import configure_logging
from bot.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="train if needed, then serve web chat, channels and action server")
    parse = commands.add_parser("parse", help="read lines on stdin, print one JSON object per line")
    parse.add_argument("--model", help="model archive (default: the latest in the models folder)")
    commands.add_parser("train", help="train a model for the current config and data, if there is none")
    commands.add_parser("purge", help="delete conversations past AMANE_RETENTION_DAYS that have no open case")
    commands.add_parser("reseal", help="re-encrypt every sealed value with the newest of AMANE_SEALING_KEYS "
                                       "(key rotation); prints counts only")
    commands.add_parser("migrate", help="bring the database's tables to the newest migration (the server does "
                                        "this at start); prints the revision reached")
    commands.add_parser("set-telegram-webhook",
                        help="register AMANE_PUBLIC_URL/webhooks/telegram/webhook with Telegram, with the secret token")
    officer = commands.add_parser("create-officer",
                                  help="add a desk account (password read twice from the terminal, once from a pipe)")
    officer.add_argument("username")
    officer.add_argument("--role", choices=["officer", "supervisor", "coordinator"], default="officer")
    deactivate = commands.add_parser("deactivate-officer",
                                     help="disable a desk account at once (lost device, stolen password, leaving)")
    deactivate.add_argument("username")
    args = parser.parse_args(argv)

    settings = get_settings()
    configure_logging(settings.log_level)
    if args.command == "create-officer":
        from bot.desk.accounts import create_officer_command

        return create_officer_command(args.username, args.role)
    if args.command == "deactivate-officer":
        from bot.desk.accounts import deactivate_officer_command

        return deactivate_officer_command(args.username)
    if args.command == "migrate":
        from bot.store.db import migrate

        # The revision only: the database URL may carry a password.
        print(f"database schema at revision {migrate(settings.database_url)} (the newest)")
        return 0
    if args.command == "reseal":
        from bot.store import create_schema
        from bot.store.reseal import reseal_all

        create_schema(settings.database_url)
        return reseal_all(settings)
    # Imported here: they load TensorFlow, which `--help` should not wait for; skops before them (see the module).
    from bot.nlu.rasa_command import import_skops_before_rasa

    import_skops_before_rasa()
    from bot.nlu import training

    if args.command == "purge":
        from bot.conversation.retention import purge_expired
        from bot.desk.accounts import purge_desk_rows
        from bot.store import create_schema

        create_schema(settings.database_url)
        print(f"{purge_expired(settings)} conversations deleted")
        print("{} expired desk sessions and {} stale login failures deleted".format(*purge_desk_rows(settings)))
        return 0
    if args.command == "set-telegram-webhook":
        from bot.channels.telegram.webhook import register_webhook

        return register_webhook(settings)
    if args.command == "train":
        print(training.ensure_model(settings.rasa_config, settings.models_dir))
        return 0
    if args.command == "parse":
        from pathlib import Path

        from bot.nlu.parse import run_parse

        model = Path(args.model) if args.model else training.latest_model(settings.models_dir)
        if model is None:
            print("no trained model: run `python -m bot train` first", file=sys.stderr)
            return 2
        return run_parse(model)
    from bot.app.server import serve

    serve(settings, training.ensure_model(settings.rasa_config, settings.models_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
