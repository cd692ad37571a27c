# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Command line of the simulator.

python -m mega_erp.simulator --port 8799 [--agents N] [--seed S] [--legacy-rate 0.1] [--db FILE] [faults]
python -m mega_erp.simulator inspect --url http://127.0.0.1:8799 [state|agents|...]
python -m mega_erp.simulator wsdl --out-dir DIR      (a copy of the contract it serves)
"""

import argparse
import dataclasses
import json
import sys

from . import contract
from .fault_injection import FaultSettings

INSPECT_VIEWS = ("state", "agents", "occurrences", "jobs", "calls")


def _serve_parser():
    parser = argparse.ArgumentParser(
        prog="python -m mega_erp.simulator", description="Run a simulated Mega ERP on 127.0.0.1."
    )
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--agents", type=int, help="generate N agents (default: demo data)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--legacy-rate",
        type=float,
        default=0.0,
        help="share of agents with legacy (dirty) data, e.g. 0.1 (the demo's)",
    )
    parser.add_argument("--dataset", choices=("demo", "horizonte"), default="demo",
                        help="horizonte: the second demo company's ERP (make run, port 8071)")
    parser.add_argument("--db", help="SQLite file keeping the state across restarts")
    parser.add_argument("--username", default="mega")
    parser.add_argument("--password", default="mega")
    parser.add_argument(
        "--allow-password-text", action="store_true",
        help="accept WS-Security PasswordText too (default: PasswordDigest only)",
    )
    parser.add_argument(
        "--created-window", type=float, default=300.0,
        help="seconds a PasswordDigest's Created may differ from the server's clock (default 300)",
    )
    faults = parser.add_argument_group("fault injection (change at runtime: POST /_admin/faults)")
    for field in dataclasses.fields(FaultSettings):
        name = "fault_seed" if field.name == "seed" else field.name
        option, dest = "--" + name.replace("_", "-"), "fault_" + field.name
        if isinstance(field.default, bool):
            faults.add_argument(option, dest=dest, action="store_true")
        else:
            faults.add_argument(option, dest=dest, type=type(field.default), default=field.default)
    return parser


def serve(argv):
    from .simulator import Simulator

    args = _serve_parser().parse_args(argv)
    faults = {f.name: getattr(args, "fault_" + f.name) for f in dataclasses.fields(FaultSettings)}
    simulator = Simulator(
        agents=args.agents,
        seed=args.seed,
        legacy_rate=args.legacy_rate,
        dataset=args.dataset,
        db_path=args.db,
        username=args.username,
        password=args.password,
        faults=faults,
        allow_password_text=args.allow_password_text,
        created_window=args.created_window,
    )
    print(
        f"Mega ERP simulator on http://127.0.0.1:{args.port}/ "
        f"(WSDL: http://127.0.0.1:{args.port}/?wsdl, login {args.username})",
        flush=True,
    )
    try:
        simulator.serve_forever(args.port)
    except KeyboardInterrupt:
        pass


def inspect(argv):
    import requests

    parser = argparse.ArgumentParser(prog="python -m mega_erp.simulator inspect")
    parser.add_argument("--url", required=True, help="the simulator, e.g. http://127.0.0.1:8799")
    parser.add_argument("view", nargs="?", default="state", choices=INSPECT_VIEWS)
    parser.add_argument("--contract", help="occurrences of this contract only")
    parser.add_argument("--limit", type=int, default=50, help="agents shown")
    args = parser.parse_args(argv)
    params = {"contract": args.contract} if args.view == "occurrences" else {}
    if args.view == "agents":
        params["limit"] = args.limit
    try:
        response = requests.get(
            f"{args.url.rstrip('/')}/_admin/{args.view}", params=params, timeout=10
        )
        response.raise_for_status()
    except requests.RequestException as error:
        sys.exit(f"Cannot inspect the simulator at {args.url}: {error}")
    json.dump(response.json(), sys.stdout, ensure_ascii=False, indent=2)
    print()


def write_wsdl(argv):
    parser = argparse.ArgumentParser(prog="python -m mega_erp.simulator wsdl")
    parser.add_argument("--out-dir", required=True)
    args = parser.parse_args(argv)
    contract.write(args.out_dir)
    print(f"Wrote {contract.WSDL_FILE} and {contract.XSD_FILE} in {args.out_dir}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    commands = {"inspect": inspect, "wsdl": write_wsdl}
    if argv and argv[0] in commands:
        return commands[argv[0]](argv[1:])
    return serve(argv)


if __name__ == "__main__":
    main()
