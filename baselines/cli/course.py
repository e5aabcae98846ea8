"""``audio-mlp course``: build the lessons as a static website, and serve it if asked.

    audio-mlp course                     build the whole course into site/
    audio-mlp course --out DIR           ... into DIR (new, empty, or built here before)
    audio-mlp course --serve [--port N]  build, then serve it on 127.0.0.1 until Ctrl-C

The work is :func:`baselines.course.site.build`; it needs the ``site`` extra
(``pip install -e ".[site]"``) and a source checkout, whose ``lessons/`` it reads.

Lesson: lessons/README.md#as-a-website
"""

import functools
import http.server

from baselines.cli import options


def register(subparsers):
    parser = options.add_command(subparsers, "course", __doc__)
    parser.add_argument("--out", default="site", metavar="DIR",
                        help="folder of the built site (default site)")
    parser.add_argument("--serve", action="store_true",
                        help="serve the built site on 127.0.0.1 and print its address")
    parser.add_argument("--port", type=int, default=8000, metavar="N",
                        help="port to serve on with --serve (default 8000; 0: any free port)")
    parser.set_defaults(func=run)


def serve(folder, port):
    """An HTTP server for ``folder`` bound to 127.0.0.1 only (not started)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # one line per request would drown the address
        pass


def run(args):
    from baselines.course.site import CourseError, build, out_problem

    if not 0 <= args.port <= 65535:
        return options.error(f"--port {args.port}: must be between 0 and 65535")
    problem = out_problem(args.out)
    if problem:
        return options.error(f"--out {problem}")
    try:
        report = build(args.out)
    except CourseError as exc:
        return options.error(exc)
    print(f"built the course in {report.out}: {report.pages} pages, "
          f"{report.label_links} equation-label links and {report.module_links} module links, "
          f"all checked, in {report.seconds:.1f} s")
    if not args.serve:
        print(f"open {report.out / 'index.html'}, or serve it: audio-mlp course --serve")
        return 0
    try:
        server = serve(report.out, args.port)
    except OSError as exc:
        return options.error(f"--port {args.port}: cannot serve on 127.0.0.1: "
                             f"{exc.strerror or exc}")
    with server:
        print(f"serving the course at http://127.0.0.1:{server.server_address[1]}/ "
              "(Ctrl-C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nstopped")
    return 0
