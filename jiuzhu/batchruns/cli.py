"""`jiuzhu batch --from-db [--region CODE] OUT.parquet`: assess the registry's households in columns.

    jiuzhu batch --from-db --region 110113 decisions.parquet --at 2026-07 [--params P.yaml] [--record]
                 [--save-inputs FOLDER] [--as USERNAME] [--engine local|spark] [--master URL]

The registry is read in columns (registry.py), validated as the columnar household format, assessed by the
engine and written to Parquet or CSV. With --record the run is stored (parameter values and digest, engine
version, counts, and one BatchDecision a household) and the input tables are kept beside the output
(OUT.inputs/, or --save-inputs), so that every decision can be reproduced:
`jiuzhu batch OUT.inputs/ OUT2.parquet --params <the run's parameters>` gives the same rows.
"""

from __future__ import annotations

import sys


def batch_from_db_main(argv: list[str]) -> int:
    from jiuzhu.policy.cli import _err, _Parser, _Usage

    p = _Parser(prog="jiuzhu batch --from-db", description="直接从登记库批量评估（按列读取）")
    p.add_argument("--from-db", action="store_true", required=True)
    p.add_argument("output", help="decisions: .parquet or .csv")
    p.add_argument("--region", default=None, help="region code: the households of its subtree (default: all)")
    p.add_argument("--params", help="parameter file (YAML); default: the parameters in the database")
    p.add_argument("--at", default=None, help="assessed month YYYY-MM (default: this month)")
    p.add_argument("--record", action="store_true", help="store the run and its decisions in the database")
    p.add_argument("--save-inputs", default=None, help="folder for the input tables (default with --record)")
    p.add_argument("--as", dest="username", default=None, help="the user recorded as having run it")
    p.add_argument("--engine", choices=("local", "spark"), default="local")
    p.add_argument("--master", default=None, help="Spark master URL (default local[*])")
    p.add_argument("--no-progress", action="store_true")
    try:
        args = p.parse_args(argv)
        say = (lambda m: None) if args.no_progress else (lambda m: _err(f"jiuzhu batch: {m}"))
        from jiuzhu.cli import _django

        _django()
        import datetime as dt

        from django.contrib.auth import get_user_model

        from jiuzhu.core.params import params_mapping
        from jiuzhu.policy import Params, ParamsError, load_params, parse_at

        at = args.at or dt.date.today().strftime("%Y-%m")
        try:
            parse_at(at)
        except ValueError as e:
            raise _Usage(f"--at: {e}") from None
        actor = None
        if args.username:
            actor = get_user_model().objects.filter(username=args.username).first()
            if actor is None:
                raise _Usage(f"--as: 没有用户 {args.username}")
        try:
            if args.params:
                load_params(args.params)  # the file's own errors, with its path
                import yaml

                with open(args.params, encoding="utf-8") as fh:
                    mapping = yaml.safe_load(fh)
            else:
                mapping = params_mapping()
                Params.from_mapping(mapping)
        except ParamsError as e:
            raise _Usage(f"{args.params or '数据库参数'}: {e.path}: {e.problem}") from None
        from .service import RunRefused, run_from_db

        inputs = args.save_inputs or (args.output + ".inputs" if args.record else None)
        try:
            _table, run = run_from_db(
                actor,
                region_code=args.region,
                at=at,
                output=args.output,
                params_mapping=mapping,
                record=args.record,
                inputs=inputs,
                engine=args.engine,
                master=args.master,
                say=say,
            )
        except RunRefused as e:
            raise _Usage(str(e)) from None
        if run is not None:
            print(f"批量评估记录 #{run.pk}：{run.households} 户，参数摘要 {run.params_digest}")
        return 0
    except _Usage as e:
        _err(str(e))
        return 2
    except SystemExit as e:
        return int(e.code or 0) if isinstance(e.code, int) else 0


if __name__ == "__main__":
    sys.exit(batch_from_db_main(sys.argv[1:]))
