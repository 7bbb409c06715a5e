"""The ``werkcentrum`` command. Users read Dutch; a mistake in their input never ends in a traceback."""

from __future__ import annotations

import argparse
import atexit
import os
import sys
import traceback
from pathlib import Path

from .argparse_nl import DutchArgumentParser
from .diagnostics import UserError, count, count_errors, environment_message, environment_problem
from .project import NotAProject, Project

# Material for MkDocs prints an end-of-life banner on import; our README explains the engine's future instead.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _project(args) -> Project:
    start = getattr(args, "project", None)
    if start is not None and not Path(start).is_dir():
        raise NotAProject(Path(start).absolute())
    regions = getattr(args, "regions", None)
    project = Project.find(
        start,
        regions_dir=regions,
        site_dir=getattr(args, "site_dir", None),
        build_dir=getattr(args, "build_dir", None),
    )
    if regions is not None and args.command != "regio" and not project.regions_dir.is_dir():
        from .diagnostics import Diagnostic

        raise UserError(
            Diagnostic(regions, "deze map met regiobestanden bestaat niet.", hint="Controleer de naam achter --regions.")
        )
    return project


def cmd_build(args) -> int:
    from .build import build
    from .progress import BuildProgress

    project = _project(args)
    progress = BuildProgress()
    try:
        result = build(
            project,
            only=set(args.regio) if args.regio else None,
            keep_going=args.keep_going,
            strict=args.strict,
            jobs=args.jobs,
            progress=progress,
        )
    finally:
        progress.close()
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    for slug, diags in sorted(result.failed.items()):
        for diag in diags:
            print(diag.format(), file=sys.stderr)
    print(
        f"{count(len(result.built) - len(result.taken_over), 'site', 'sites')} gebouwd, "
        + (f"{len(result.taken_over)} overgenomen (de wijziging kwam niet op hun pagina's), " if result.taken_over else "")
        + f"{len(result.skipped)} ongewijzigd overgeslagen, in {result.seconds:.1f} s naar {project.display(project.site_dir)}/"
    )
    if result.failed:
        print(
            f"Niet gebouwd door fouten: {', '.join(sorted(result.failed))}. Verbeter de fouten hierboven en bouw opnieuw.",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_serve(args) -> int:
    if args.all:
        return cmd_serve_all(args)
    if not args.regio:
        print("Noem een regio (bijvoorbeeld: werkcentrum serve twente) of gebruik --all.", file=sys.stderr)
        return 1
    from .build import unknown_site
    from .load import region_paths
    from .project import BRANDBOOK_KEY, NATIONAL_KEY

    project = _project(args)
    known = {path.stem for path in region_paths(project)} | {NATIONAL_KEY, BRANDBOOK_KEY}
    if args.regio not in known:
        raise UserError(unknown_site(project, args.regio, known))
    host, port = _free_address(args.dev_addr)  # a taken port is found before anything is built
    from mkdocs.commands.serve import serve

    from .engine import mkdocs as engine
    from .engine import mkdocs_plugin

    os.environ[mkdocs_plugin.ENV_REGION] = args.regio
    if args.regions:
        os.environ["WERKCENTRUM_REGIONS_DIR"] = str(project.regions_dir)
    # A broken file or an unknown slug at the start ends the command with the Dutch diagnostics (exit 1); a broken
    # edit later is shown in the browser until it is fixed (the plugin).
    mkdocs_plugin.USER_ERRORS_RAISE = True
    engine.quiet_logging(20)
    try:
        serve(config_file=str(project.root / "mkdocs.yml"), livereload=True, dev_addr=f"{host}:{port}")
    except OSError as exc:  # taken while the first build ran
        raise OSError(exc.errno, exc.strerror, exc.filename or f"{host}:{port}") from None
    print("Gestopt.", file=sys.stderr)
    return 0


def _free_address(value: str) -> tuple[str, int]:
    """``--dev-addr`` as (host, port), after checking that it is valid and that the port is free now."""
    import errno
    import socket

    from .diagnostics import Diagnostic
    from .serverconfig import check_listen

    check_listen(value, "--dev-addr")
    host, _, port = value.rpartition(":")
    host = (host or "127.0.0.1").strip("[]")
    if host == "*":
        host = "0.0.0.0"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does: a closed port is free
        try:
            probe.bind((host, int(port)))
        except PermissionError:
            raise UserError(
                Diagnostic(
                    "--dev-addr",
                    f"poort {port} mag alleen de beheerder van de computer gebruiken.",
                    hint="Kies een poort vanaf 1024, bijvoorbeeld --dev-addr 127.0.0.1:8000.",
                )
            ) from None
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror or os.strerror(exc.errno or errno.EADDRINUSE), f"{host}:{port}") from None
    return host, int(port)


def cmd_serve_all(args) -> int:
    """Every built site at once on http://<subdomein>.localhost:<poort>/, with the production headers."""
    from .build import build
    from .preview import MultiHostServer
    from .progress import BuildProgress
    from .serverconfig import preview_headers

    project = _project(args)
    host, port = _free_address(args.dev_addr)
    progress = BuildProgress()
    try:
        build(project, keep_going=True, progress=progress)  # nothing to do when site/ is current
    finally:
        progress.close()
    server = MultiHostServer(project.site_dir, host=host, port=port, headers=preview_headers())
    print(f"Alle sites op {server.url('www')} en http://<subdomein>.localhost:{server.port}/, bijvoorbeeld:")
    for key in ("www", "brandbook", "twente"):
        print(f"  {server.url(key)}")
    print("Bouw je opnieuw (werkcentrum build), dan zie je de nieuwe versie meteen. Stoppen met Ctrl+C.")
    try:
        server.serve_forever()
    finally:
        server.stop()
    return 0


def cmd_beheer(args) -> int:
    """The admin (Decap CMS) of one region against the local checkout, on loopback."""
    from .beheer import serve_local
    from .diagnostics import Diagnostic
    from .load import region_paths
    from .models.region import did_you_mean

    project = _project(args)
    files = {path.stem: path for path in region_paths(project)}
    if args.bouw:
        from .beheer import build_admins

        out = Path(args.uit).resolve() if args.uit else project.root / "site-beheer"
        chosen = [files[args.regio]] if args.regio in files else None
        if args.regio is None or chosen:
            slugs = build_admins(project, out, chosen)
            print(f"Beheer voor {len(slugs)} regio's geschreven in {project.display(out)}/ (voor de host beheer.{project.base_domain}).")
            return 0
    if args.regio is None:
        raise UserError(
            Diagnostic(
                "werkcentrum beheer",
                "noem de regio die je wilt bewerken.",
                expected="werkcentrum beheer SLUG, bijvoorbeeld werkcentrum beheer twente",
                hint="Of bouw het beheer voor alle regio's met werkcentrum beheer --bouw.",
            )
        )
    if args.regio not in files:
        raise UserError(
            Diagnostic(
                project.display(project.regions_dir),
                f"er is geen regio met de naam '{args.regio}'.",
                expected="de naam van een regiobestand zonder .yaml, zoals twente",
                hint=did_you_mean(args.regio, sorted(files)) or f"De regiobestanden staan in {project.display(project.regions_dir)}/.",
            )
        )
    host, port = _free_address(args.dev_addr)
    serve_local(project, files[args.regio], host, port)
    print("Gestopt.", file=sys.stderr)
    return 0


def cmd_publish(args) -> int:
    from . import publish

    project = _project(args)
    current = publish.read_manifest(project.site_dir / publish.MANIFEST_NAME, project.base_domain)
    if args.changed_since:
        old = publish.read_manifest(Path(args.changed_since), project.base_domain)
        hosts = publish.changed_hosts(old, current)
    else:
        hosts = sorted(site["host"] for site in current["sites"])
    for host in hosts:
        print(host)
    print(f"{len(hosts)} van de {len(current['sites'])} hosts te publiceren.", file=sys.stderr)
    return 0


def cmd_server_config(args) -> int:
    from . import publish, serverconfig

    project = _project(args)
    root = serverconfig.check_server_path(args.root, "--root")
    tls = serverconfig.check_server_path(args.tls, "--tls") if args.tls else None
    listen = serverconfig.check_listen(args.listen or ("443" if tls else "80"))
    address = listen.rpartition(":")[0]
    redirect = args.redirect_listen or ((f"{address}:80" if address else "80") if tls else None)
    if redirect:
        serverconfig.check_listen(redirect, "--redirect-listen")
    admin = None
    if args.beheer:
        from .beheer import production_csp

        admin = serverconfig.AdminHost(serverconfig.check_server_path(args.beheer, "--beheer"), production_csp(project))
    manifest = publish.read_manifest(project.site_dir / publish.MANIFEST_NAME, project.base_domain)
    print(serverconfig.nginx(manifest, root, listen, tls, redirect, admin), end="")
    return 0


def cmd_check(args) -> int:
    from .check import run

    project = _project(args)
    result = run(project, [Path(p) for p in args.paden] or None, strict=args.strict)
    for diag in result.report.sorted():
        print(diag.format())
    print(("\n" if result.report.diagnostics else "") + result.summary())
    return result.exit_code


def cmd_schema(args) -> int:
    from .schema import schema_files, write_schema

    project = _project(args)
    if args.controleer:
        for relative, text in schema_files(project).items():
            current = project.root / relative
            if not current.is_file() or current.read_text(encoding="utf-8") != text:
                print(f"{relative.as_posix()} is verouderd. Maak hem opnieuw met: werkcentrum schema", file=sys.stderr)
                return 1
        print("De schema's in schema/ zijn bijgewerkt.")
        return 0
    path, changed = write_schema(project)
    print(f"De schema's in {project.display(path.parent)}/ {'geschreven' if changed else 'waren al bijgewerkt'}.")
    return 0


def cmd_regio_nieuw(args) -> int:
    from .check import run
    from .scaffold import new_region

    project = _project(args)
    path = new_region(project, args.naam, args.code)
    try:
        result = run(project, [path])
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if result.report.has_errors():
        # Never leave a file behind that stops every later build: show what is wrong and take it away again.
        path.unlink(missing_ok=True)
        raise UserError(result.report.sorted())
    print(f"{project.display(path)} gemaakt. {result.summary()}")
    other = "" if project.regions_dir == project.root / "sites" / "regions" else f" --regions {project.display(project.regions_dir)}"
    print(f"Open het bestand, vul aan wat vaststaat en bekijk je site met: werkcentrum serve {path.stem}{other}")
    return 0


def cmd_regio_gemeenten(args) -> int:
    from .check import region_files
    from .scaffold import write_gemeenten

    project = _project(args)
    paths = region_files(project, [Path(p) for p in args.paden]) if args.paden else None
    results = write_gemeenten(project, paths, write=not args.controleer)
    changed = [path for path, differs in results if differs]
    for path in changed:
        verb = "moet worden bijgewerkt" if args.controleer else "bijgewerkt"
        print(f"{project.display(path)}: lijst 'gemeenten' {verb}.")
    print(f"{len(results)} regiobestanden vergeleken met de gemeentetabel, {len(changed)} "
          f"{'verouderd' if args.controleer else 'bijgewerkt'}.")
    return 1 if args.controleer and changed else 0


def cmd_audit(args) -> int:
    from .audit import AuditProgress, run_audit
    from .audit.report import duration, rule_name

    project = _project(args)
    print("Controle van de gebouwde sites in Chromium: WCAG 2.1 AA (axe-core), verzoeken naar andere servers, "
          "reflow op 320 px en zichtbare focus.", file=sys.stderr)
    outcome = run_audit(
        project,
        only=args.regio,
        json_file=Path(args.json) if args.json else None,
        workers=args.jobs,
        progress=AuditProgress(),
    )
    report = outcome.report
    shown = 50  # the full list is in the report; a terminal only needs enough to start fixing
    for v in report["violations"][:shown]:
        print(f"{v['page']}: {rule_name(v['rule'])} [{v['context']}]: {v['element']}: {v['message']}")
    for q in report["third_party_requests"][:shown]:
        print(f"{q['page']}: verzoek naar een andere server tegengehouden: {q['url']}")
    s = report["summary"]
    if s["violations"] > shown or s["third_party_requests"] > shown:
        print("... en meer: zie het rapport.")
    print(
        f"{s['pages']} pagina's van {s['sites']} sites gecontroleerd in {duration(report['seconds'])}: "
        f"{s['violations']} problemen, {s['third_party_requests']} verzoeken naar andere servers. "
        f"Rapport: {project.display(outcome.folder / 'report.html')}"
    )
    if not outcome.ok:
        print("De controle is niet geslaagd. Verbeter de problemen hierboven, bouw opnieuw en controleer opnieuw.", file=sys.stderr)
        return 1
    return 0


def _dev_addr(command, default: str, what: str) -> None:
    """The --dev-addr option of the commands that serve something on this computer."""
    host, _, port = default.rpartition(":")
    command.add_argument(
        "--dev-addr",
        default=default,
        metavar="ADRES:POORT",
        help=f"waar {what} te zien is (standaard {default}); is de poort bezet, kies dan een andere, "
        f"bijvoorbeeld --dev-addr {host}:{int(port) + 1}",
    )


def parser() -> argparse.ArgumentParser:
    p = DutchArgumentParser(
        prog="werkcentrum",
        description="Bouwt de Werkcentrum-sites: 35 regio's, de landelijke site en het brandbook.",
    )
    sub = p.add_subparsers(dest="command", metavar="opdracht")
    sub.required = True
    # Every command works on the project found from the working directory upwards, or on the one named here.
    common = DutchArgumentParser(add_help=False)
    common.add_argument(
        "--project", metavar="MAP", help="de map van het Werkcentrum-project (standaard: gezocht vanaf de huidige map)"
    )

    b = sub.add_parser("build", parents=[common], help="bouw alle sites (of een paar met --regio) naar site/")
    b.add_argument("--regio", action="append", metavar="SLUG", help="bouw alleen deze regio (mag vaker)")
    b.add_argument("--keep-going", action="store_true", help="bouw de goede regio's ook als een andere regio fouten heeft")
    b.add_argument("--strict", action="store_true", help="behandel waarschuwingen als fouten")
    b.add_argument("--jobs", type=int, metavar="N", help="aantal processen (standaard: alle processorkernen)")
    b.add_argument("--regions", metavar="MAP", help="map met regiobestanden (standaard sites/regions)")
    b.add_argument("--site-dir", metavar="MAP", help="map voor de gebouwde sites (standaard site)")
    b.add_argument("--build-dir", metavar="MAP", help="werkmap voor tussenbestanden (standaard build)")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("serve", parents=[common], help="bekijk één regio in je browser; herlaadt bij elke wijziging")
    s.add_argument("regio", metavar="SLUG", nargs="?", help="de regio, bijvoorbeeld twente (of www voor de landelijke site)")
    s.add_argument("--all", action="store_true", help="alle gebouwde sites tegelijk op http://<subdomein>.localhost:8000/")
    s.add_argument("--site-dir", metavar="MAP", help="met --all: map met de gebouwde sites (standaard site)")
    s.add_argument("--build-dir", metavar="MAP", help="met --all: werkmap voor tussenbestanden (standaard build)")
    s.add_argument("--regions", metavar="MAP", help="map met regiobestanden (standaard sites/regions)")
    _dev_addr(s, "127.0.0.1:8000", "het voorbeeld")
    s.set_defaults(func=cmd_serve)

    bh = sub.add_parser(
        "beheer", parents=[common], help="bewerk een regio in je browser met het beheerformulier (Decap CMS), op je eigen computer"
    )
    bh.add_argument("regio", metavar="SLUG", nargs="?", help="de regio, bijvoorbeeld twente")
    bh.add_argument(
        "--bouw",
        action="store_true",
        help="start niets, maar schrijf het beheer voor de host beheer.<domein> (alle regio's, of alleen SLUG)",
    )
    bh.add_argument("--uit", metavar="MAP", help="waar --bouw het beheer schrijft (standaard site-beheer)")
    bh.add_argument("--regions", metavar="MAP", help="map met regiobestanden (standaard sites/regions)")
    _dev_addr(bh, "127.0.0.1:8090", "het beheer")
    bh.set_defaults(func=cmd_beheer)

    pu = sub.add_parser("publish", parents=[common], help="noem de hosts om te publiceren: alle, of alleen de gewijzigde")
    pu.add_argument("--changed-since", metavar="OUD.json", help="alleen hosts die anders zijn dan in dit publish.json")
    pu.add_argument("--site-dir", metavar="MAP", help="map met de gebouwde sites (standaard site)")
    pu.set_defaults(func=cmd_publish)

    sv = sub.add_parser("server-config", parents=[common], help="schrijf de webserverconfiguratie voor alle hosts")
    sv.add_argument("server", choices=["nginx"], help="de webserver")
    sv.add_argument("--root", required=True, metavar="MAP", help="map op de server met de sitemappen (kopie van site/)")
    sv.add_argument("--listen", metavar="ADRES:POORT", help="waar nginx luistert (standaard 80; met --tls 443)")
    sv.add_argument("--tls", metavar="CERTMAP", help="HTTPS met fullchain.pem en privkey.pem uit deze map")
    sv.add_argument("--redirect-listen", metavar="ADRES:POORT", help="met --tls: HTTP dat naar HTTPS doorstuurt (standaard poort 80)")
    sv.add_argument("--site-dir", metavar="MAP", help="map met de gebouwde sites en publish.json (standaard site)")
    sv.add_argument(
        "--beheer",
        metavar="MAP",
        help="map op de server met het beheer (kopie van site-beheer/); dan krijgt beheer.<domein> een eigen host",
    )
    sv.set_defaults(func=cmd_server_config)

    c = sub.add_parser("check", parents=[common], help="controleer regiobestanden, basisinhoud en huisstijl; toont alle fouten tegelijk")
    c.add_argument("paden", nargs="*", metavar="PAD", help="regiobestanden of mappen (standaard: alle regio's)")
    c.add_argument("--strict", action="store_true", help="behandel waarschuwingen als fouten")
    c.add_argument("--regions", metavar="MAP", help="map met regiobestanden (standaard sites/regions)")
    c.set_defaults(func=cmd_check)

    sc = sub.add_parser("schema", parents=[common], help="schrijf schema/regio.schema.json voor de editor (VS Code)")
    sc.add_argument("--controleer", action="store_true", help="schrijf niets; meld alleen of het schema verouderd is")
    sc.set_defaults(func=cmd_schema)

    a = sub.add_parser(
        "audit", parents=[common], help="controleer elke pagina van de gebouwde sites in Chromium op toegankelijkheid en privacy"
    )
    a.add_argument("--regio", action="extend", nargs="+", metavar="SLUG", help="controleer alleen deze sites (ook www of brandbook)")
    a.add_argument("--json", metavar="BESTAND", help="schrijf het rapport (JSON) ook naar dit bestand")
    a.add_argument("--jobs", type=int, metavar="N", help="aantal pagina's tegelijk (standaard: 2 tot 4)")
    a.add_argument("--site-dir", metavar="MAP", help="map met de gebouwde sites (standaard site)")
    a.add_argument("--build-dir", metavar="MAP", help="werkmap; het rapport komt in MAP/audit (standaard build)")
    a.set_defaults(func=cmd_audit)

    r = sub.add_parser("regio", help="werken met regiobestanden")
    rsub = r.add_subparsers(dest="regio_opdracht", metavar="opdracht")
    rsub.required = True
    n = rsub.add_parser("nieuw", parents=[common], help='maak een nieuw regiobestand, bijvoorbeeld: werkcentrum regio nieuw "Twente"')
    n.add_argument("naam", help="de naam van de arbeidsmarktregio")
    n.add_argument("--code", metavar="AMxx", help="de CBS-code, als de naam niet in de lijst van het CBS staat")
    n.add_argument("--regions", metavar="MAP", help="map met regiobestanden (standaard sites/regions)")
    n.set_defaults(func=cmd_regio_nieuw)
    g = rsub.add_parser(
        "gemeenten", help="schrijf de lijst 'gemeenten' van elke regio uit de landelijke gemeentetabel (CBS)"
    )
    g.add_argument("paden", nargs="*", metavar="PAD", help="regiobestanden (standaard: alle regio's)")
    g.add_argument("--controleer", action="store_true", help="schrijf niets; meld alleen welke bestanden verouderd zijn")
    g.add_argument("--regions", metavar="MAP", help="map met regiobestanden (standaard sites/regions)")
    g.set_defaults(func=cmd_regio_gemeenten)
    return p


# What a command that stopped on a mistake did not do, said after the count of errors.
_NOTHING_DONE = {
    "build": "Er is niets gepubliceerd of overschreven.",
    "serve": "Verbeter de fout en start het voorbeeld opnieuw.",
    "beheer": "Het beheer is niet gestart; er is niets veranderd.",
    "regio": "Er is geen regiobestand gemaakt.",
    "publish": "Er is niets gepubliceerd.",
    "server-config": "Er is geen configuratie geschreven.",
}


def _stop_signals() -> None:
    """Ctrl+C and ``kill`` (SIGTERM) stop a command cleanly: staging folders are removed, nothing half-written, a
    server lets go of its port. A second one while it is stopping ends the process at once: the kernel then
    frees the port, the lock and the files."""
    import signal

    stops = 0

    def stop(signum, frame):
        nonlocal stops
        stops += 1
        if stops > 1:
            os.write(2, "\nDirect gestopt.\n".encode("utf-8"))
            os._exit(130)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _stop_signals()
    try:
        return args.func(args)
    except UserError as exc:
        for diag in exc.diagnostics:
            print(diag.format(), file=sys.stderr)
        errors = sum(1 for d in exc.diagnostics if d.is_error)
        print(f"\n{count_errors(errors)} gevonden. {_NOTHING_DONE.get(args.command, '')}".rstrip(), file=sys.stderr)
        return 1
    except NotAProject as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Gestopt. Er is niets gepubliceerd of overschreven.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`werkcentrum publish ... | head`): not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        if environment_problem(exc) is None:
            return _software_error(exc)
        print(environment_message(exc), file=sys.stderr)
        if args.command == "build":
            print("Geen enkele site is half vervangen. Los het probleem op en probeer het opnieuw.", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a Dutch message, details for developers
        return _software_error(exc)


def _software_error(exc: Exception) -> int:
    from .build import SiteBuildError

    debug = bool(os.environ.get("WERKCENTRUM_DEBUG"))
    if isinstance(exc, SiteBuildError):
        detail = exc.detail if debug else exc.detail.strip().splitlines()[-1]
        print(
            f"Het bouwen van de site '{exc.key}' is mislukt door een fout in de software (niet in jouw bestanden).\n"
            "Er is niets gepubliceerd of overschreven: de vorige versie van alle sites staat er nog.\n"
            f"Meld dit bij het beheerteam met deze melding. Details: {detail}",
            file=sys.stderr,
        )
        return 2
    if debug:
        traceback.print_exception(exc)
    print(
        "Er ging iets mis in de werkcentrum-software zelf (niet in jouw bestanden).\n"
        "Meld dit bij het beheerteam en stuur deze melding mee. Details: zet WERKCENTRUM_DEBUG=1 en probeer opnieuw.\n"
        f"Fout: {type(exc).__name__}: {exc}",
        file=sys.stderr,
    )
    return 2


def run() -> None:
    """The ``werkcentrum`` command: ``main`` and then leave at once.

    After a build has loaded MkDocs, Material and pydantic, Python's own shutdown frees every object one by
    one: 0.1 s after each build, a tenth of a one-region build. The exit handlers still run (logging, the
    worker processes); only that freeing is left to the operating system, which does it at once.
    """
    code = main()
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away or closed the stream: nothing left to say
        pass
    os._exit(int(code or 0))


if __name__ == "__main__":  # pragma: no cover
    run()
