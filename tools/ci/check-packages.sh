#!/usr/bin/env bash
# Asserts what the packed Sahana.Sync packages contain (run by .ci/run after `dotnet pack`):
#   tools/ci/check-packages.sh DIR     DIR holds Sahana.Sync.*.nupkg and Sahana.Sync.AspNetCore.*.nupkg
# - each has its own README.md (absolute https links only, no image) and the LICENSE, MIT by expression;
# - EF Core and Microsoft.Extensions/System dependencies are [10.0.0, 11.0.0): any 10.0.x, not 11;
#   every other dependency has an upper bound too;
# - Sahana.Sync.AspNetCore depends on exactly the Sahana.Sync version beside it;
# - the XML docs name no type the sources declare internal, private or file-local, and still document the
#   public entry points.
set -euo pipefail
dir="$(cd "${1:?usage: tools/ci/check-packages.sh DIR}" && pwd)"
cd "$(dirname "$0")/../.."

python3 - "$dir" <<'PY'
import glob, os, re, sys, zipfile
import xml.etree.ElementTree as ET

pack_dir = sys.argv[1]
problems = []

def fail(message):
    problems.append(message)

def package(package_id):
    found = [p for p in glob.glob(os.path.join(pack_dir, package_id + ".*.nupkg"))
             if re.fullmatch(re.escape(package_id) + r"\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\.nupkg", os.path.basename(p))]
    if len(found) != 1:
        fail(f"{package_id}: expected one .nupkg in {pack_dir}, found {found}")
        return None
    return zipfile.ZipFile(found[0])

def internal_types(source_dir):
    """Names of the types the sources do not make public: internal, private, file-local (top-level or nested)."""
    names = set()
    pattern = re.compile(r"^\s*(?:\[[^\]]*\]\s*)*((?:internal|private|file|protected internal|private protected)\s+"
                         r"(?:(?:sealed|static|abstract|partial|readonly|ref|unsafe)\s+)*(?:class|record(?:\s+struct|\s+class)?|struct|interface|enum)\s+(\w+))", re.M)
    for path in glob.glob(os.path.join(source_dir, "**", "*.cs"), recursive=True):
        if f"{os.sep}obj{os.sep}" in path or f"{os.sep}bin{os.sep}" in path:
            continue
        with open(path, encoding="utf-8") as f:
            for m in pattern.finditer(f.read()):
                names.add(m.group(2))
    return names

def check(package_id, core_version=None):
    z = package(package_id)
    if z is None:
        return None
    names = z.namelist()
    ns = {"n": "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"}
    nuspec = ET.fromstring(z.read(package_id + ".nuspec"))
    meta = nuspec.find("n:metadata", ns)
    version = meta.findtext("n:version", namespaces=ns)

    for required in ("README.md", "LICENSE", f"lib/net10.0/{package_id}.dll", f"lib/net10.0/{package_id}.xml"):
        if required not in names:
            fail(f"{package_id}: {required} is not in the package")
    if meta.findtext("n:readme", namespaces=ns) != "README.md":
        fail(f"{package_id}: the nuspec names no README.md")
    license = meta.find("n:license", ns)
    if license is None or license.get("type") != "expression" or license.text != "MIT":
        fail(f"{package_id}: the license is not the MIT expression")
    if "LICENSE" in names and b"MIT License" not in z.read("LICENSE"):
        fail(f"{package_id}: LICENSE is not the MIT license")

    if "README.md" in names:
        readme = z.read("README.md").decode("utf-8")
        if readme.startswith("# Sahana.Sync\n\nOffline-first sync for Entity Framework Core, for applications") and package_id != "Sahana.Sync":
            fail(f"{package_id}: ships the core package's README")
        for target in re.findall(r"\]\(([^)]*)\)", readme) + re.findall(r"(?:src|href)=\"([^\"]*)\"", readme):
            if not target.startswith("https://"):
                fail(f"{package_id}: README.md links to '{target}', which the gallery cannot follow (absolute https only)")
        if re.search(r"!\[", readme) or "<img" in readme:
            fail(f"{package_id}: README.md shows an image")

    dependencies = {d.get("id"): d.get("version") for d in meta.iterfind(".//n:dependency", ns)}
    if not dependencies:
        fail(f"{package_id}: the nuspec has no dependencies")
    for dep_id, dep_version in dependencies.items():
        if dep_id == "Sahana.Sync":
            if dep_version != f"[{core_version}]":
                fail(f"{package_id}: depends on Sahana.Sync '{dep_version}', not exactly [{core_version}]")
        elif dep_id.startswith(("Microsoft.EntityFrameworkCore", "Microsoft.Extensions.", "System.")):
            if dep_version != "[10.0.0, 11.0.0)":
                fail(f"{package_id}: depends on {dep_id} '{dep_version}', not [10.0.0, 11.0.0)")
        elif not re.fullmatch(r"\[[^,\]]+, [^,\]]+\)", dep_version or ""):
            fail(f"{package_id}: depends on {dep_id} '{dep_version}', with no upper bound")
    if package_id == "Sahana.Sync.AspNetCore" and "Sahana.Sync" not in dependencies:
        fail(f"{package_id}: does not depend on Sahana.Sync")

    docs = ET.fromstring(z.read(f"lib/net10.0/{package_id}.xml"))
    members = [m.get("name") for m in docs.iter("member")]
    hidden = internal_types(os.path.join("src", package_id))
    for member in members:
        segments = set(re.split(r"[.(){},@\[\]`~#]+", member[2:].split("(")[0]))
        leaked = segments & hidden
        if leaked:
            fail(f"{package_id}: the XML docs document {member}, of the non-public {', '.join(sorted(leaked))}")
    entry = {"Sahana.Sync": "T:Sahana.Sync.UuidMergeEngine", "Sahana.Sync.AspNetCore": "T:Sahana.Sync.AspNetCore.SyncClient"}[package_id]
    if entry not in members:
        fail(f"{package_id}: the XML docs lost {entry}")
    print(f"{package_id} {version}: {len(names)} files, {len(members)} documented members, dependencies "
          + ", ".join(f"{k} {v}" for k, v in dependencies.items()))
    return version

core = check("Sahana.Sync")
check("Sahana.Sync.AspNetCore", core)
if problems:
    print("package check failed:", *problems, sep="\n  ")
    sys.exit(1)
print("packages: ok")
PY
