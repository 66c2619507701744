"""A throw-away PostgreSQL cluster for the tests of the archive's server home.

``initdb`` in a temporary folder, a free port on 127.0.0.1, its socket in that folder, and
``pg_ctl stop`` at the end. PostgreSQL refuses to run as root, so as root (CI) the cluster
runs as the ``postgres`` OS user (Debian's package creates it) in a folder that user owns.
A watchdog shell stops the cluster and removes its folder when the test process ends, however
it ends (even killed), so a cluster never outlives its test run.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

LOGIN = "evidence"


def server_binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<ver>/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.as_postgres = os.geteuid() == 0 if hasattr(os, "geteuid") else False
        self.folder = Path(tempfile.mkdtemp(prefix="evidence-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._watchdog: subprocess.Popen | None = None
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
            os.chmod(self.folder, 0o700)

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        subprocess.run(prefix + list(command), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, cwd=self.folder)

    def start(self) -> None:
        self._run(str(self.binaries / "initdb"), "-D", str(self.data), "-U", LOGIN,
                  "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        self.resume()
        self._start_watchdog()

    def resume(self) -> None:
        """Start the server (again, after ``pause``)."""
        # tuned for a throw-away cluster: nothing here must survive a power cut
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=60")
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "log"), "-w", "start")

    def pause(self) -> None:
        """Stop the server until ``resume``, as when the office network drops: every
        connection is cut and no new one is answered."""
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                  "stop")

    def _start_watchdog(self) -> None:
        """A shell that waits for this process to end, then stops the cluster and removes
        its folder: the cleanup that survives even a killed test run."""
        stop = f"{self.binaries / 'pg_ctl'} -D {self.data} -m immediate stop"
        if self.as_postgres:
            stop = f"runuser -u postgres -- {stop}"
        script = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
                  f"{stop} >/dev/null 2>&1; rm -rf {self.folder}")
        self._watchdog = subprocess.Popen(["/bin/sh", "-c", script], start_new_session=True,
                                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        try:
            self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                      "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            if self._watchdog is not None:
                self._watchdog.kill()
                self._watchdog.wait()

    def restart(self) -> None:
        """Restart the server, as an office server is restarted: every connection is cut."""
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                  "-l", str(self.folder / "log"), "restart")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{LOGIN}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str, database: str = "postgres") -> None:
        """One statement as the cluster's superuser (CREATE/DROP DATABASE, roles)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(sql)

    def read_only_login(self, url: str) -> str:
        """The address of ``url``'s database for a login that may only read it (an
        inspection PC), made as an administrator would."""
        database = url.rsplit("/", 1)[1]
        self.admin("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                   "'inspector') THEN CREATE ROLE inspector LOGIN; END IF; END $$")
        self.admin(f"GRANT CONNECT ON DATABASE {database} TO inspector")
        self.admin("GRANT SELECT ON ALL TABLES IN SCHEMA public TO inspector", database)
        return url.replace(f"{LOGIN}@", "inspector@")
