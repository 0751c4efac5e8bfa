"""``riskengine init``: write a commented starter profile."""

from __future__ import annotations

import click

from riskengine.cli.common import write_output


@click.command("init")
@click.argument("path", default="crm-profile.yaml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def init_command(path: str, force: bool) -> None:
    """Write a starter profile to PATH (default: crm-profile.yaml): every field present, documented
    and left unknown."""
    from riskengine.profile.template import SCHEMA_FILE, starter_profile

    write_output(starter_profile(), path, force=force)
    click.echo(f"wrote {path}; edit it, then run: riskengine score {path}", err=True)
    click.echo(
        f"for completion in editors: riskengine schema -o {SCHEMA_FILE} (beside {path})", err=True
    )
