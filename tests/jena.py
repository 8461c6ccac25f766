"""Apache Jena's command-line tools from Debian's `libapache-jena-java`, for the tests (skips where absent).

The Debian package ships the jars without the `jena` scripts: the commands are run as `java -cp ... CLASS`
with the jars the package depends on. Its build moved Jena's copy of Xerces to the package `xerces` but
left the message files of that copy under their old path, and Xerces fails on its built-in datatypes
without them: they are copied, once, to where it looks.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

JARS = Path("/usr/share/java")
JENA_JARS = ("jena-arq", "jena-base", "jena-cmds", "jena-core", "jena-dboe-base", "jena-dboe-index",
             "jena-dboe-storage", "jena-dboe-trans-data", "jena-dboe-transaction", "jena-iri", "jena-rdfconnection",
             "jena-shacl", "jena-shex", "jena-tdb", "jena-tdb2")
DEPENDENCIES = ("commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
                "commons-logging", "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jackson-annotations",
                "jackson-core", "jackson-databind", "jakarta.json-api", "jsonld-java", "protobuf", "slf4j-api",
                "slf4j-nop", "thrift", "titanium-json-ld")
MOVED_MESSAGES = "org/apache/jena/ext/xerces/"


def available() -> bool:
    return shutil.which("java") is not None and (JARS / "jena-cmds.jar").is_file()


@functools.cache
def _messages_folder(root: Path) -> Path:
    folder = root / "jena-xerces-messages"
    with zipfile.ZipFile(JARS / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(MOVED_MESSAGES) and name.endswith(".properties"):
                target = folder / "xerces" / name[len(MOVED_MESSAGES):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return folder


def classpath(scratch: Path) -> str:
    if not available():
        pytest.skip("Apache Jena (Debian libapache-jena-java) and java are not installed")
    jars = [JARS / f"{name}.jar" for name in (*JENA_JARS, *DEPENDENCIES)]
    return ":".join([str(_messages_folder(scratch)), *(str(jar) for jar in jars if jar.is_file())])


def run(scratch: Path, main_class: str, *arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`java -cp JENA MAIN_CLASS ARGUMENTS...`: e.g. `shacl.shacl validate ...` or `arq.rsparql ...`."""
    return subprocess.run(["java", "-Xshare:auto", "-cp", classpath(scratch), main_class, *arguments],
                          capture_output=True, text=True, timeout=timeout, check=False)
