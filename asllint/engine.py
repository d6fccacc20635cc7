"""The lint run: files in, located findings out.

load -> locate -> model -> rules -> (confirm) -> suppress -> sorted findings."""

from __future__ import annotations

import os

from asllint.document import Document, Finding, Location, Position, Span, split_pointer
from asllint.document import FileResult, Report  # noqa: F401 (asllint.engine.Report is documented)
from asllint.sources.discover import LintedTrees
from asllint.sources.load import MAX_FILE_BYTES, LoadError, attach_source_lines, looks_like_state_machine, parse, read_text
from asllint.sources.locate import REFERENCE_MARKERS
from asllint.sources.records import Note, Reference, StateMachine


class Options:
    __slots__ = ("select", "extend_select", "ignore", "severity", "rule_options", "per_file_ignores",
                 "config_root", "confirm", "show_refuted", "cache_dir")

    def __init__(self, select=None, extend_select=None, ignore=None, severity=None, rule_options=None,
                 per_file_ignores=None, config_root: str = ".", confirm: bool = True, show_refuted: bool = False,
                 cache_dir: str | None = None):
        self.select: list | None = select
        self.extend_select: list = extend_select or []
        self.ignore: list = ignore or []
        self.severity: dict = severity or {}
        self.rule_options: dict = rule_options or {}
        self.per_file_ignores: list = per_file_ignores or []
        self.config_root = config_root
        self.confirm = confirm
        self.show_refuted = show_refuted
        self.cache_dir = cache_dir          # None: no result cache


PARALLEL_MIN_FILES = 100     # below this, forking workers costs about what it saves (bench/run.py)


class Linter:
    def __init__(self, options: Options | None = None):
        from asllint import plugins, selection

        self.options = options or Options()
        self.pm = plugins.manager()
        self.all_rules = plugins.all_rules()
        o = self.options
        self.rules = selection.enabled_rules(list(self.all_rules.values()), o.select, o.extend_select, o.ignore)
        self.enabled = {r.code for r in self.rules}
        # Like a syntax error in ruff, an unreadable file is reported whatever the selection,
        # unless the user ignores ASL000 by name: a CI gate must not pass a broken file.
        if not any(i in ("ASL000", "ASL00", "ASL0", "parse-error") for i in o.ignore):
            self.enabled.add("ASL000")
        self.enabled.add("ASL001")  # a crashed rule always shows: the run cannot be trusted
        self.check_rules = [r for r in self.rules if not r.code.startswith("ASL00")]
        # Each rule's options, its defaults merged with the user's (by code, then by name), once.
        self.checks = [(r, {**r.options, **o.rule_options.get(r.code, {}), **o.rule_options.get(r.name, {})})
                       for r in self.check_rules]
        self.finder_crashed = False
        self.trees = LintedTrees()
        self.cache = None
        if o.cache_dir:
            from asllint.cache import ResultCache

            self.cache = ResultCache(o.cache_dir, self._fingerprint())

    def _fingerprint(self) -> str:
        """Everything besides a file's bytes that its findings depend on."""
        import json

        from asllint import __version__

        o = self.options
        plugins = sorted(f"{name}:{getattr(plugin, '__version__', '')}" for name, plugin in self.pm.list_name_plugin())
        return json.dumps([__version__, sorted(self.enabled), o.severity, o.rule_options, o.per_file_ignores,
                           os.path.abspath(o.config_root), o.confirm, o.show_refuted, plugins],
                          sort_keys=True, default=str)

    # -- public -------------------------------------------------------------------------
    def lint_paths(self, paths: list[str], texts: dict | None = None, jobs: int = 1, trees=None) -> Report:
        """Lint files (already expanded from folders). `texts` supplies stdin content by path;
        `trees` (`sources.discover.LintedTrees`, from the walk) says where each file may read
        from: without it every path counts as named by the user.

        Files are loaded and linted one at a time (memory stays flat); only templates naming a
        `DefinitionUri` are read first, so that a file linted through its SAM template (with the
        template's substitutions) is not linted again on its own. With `jobs` > 1 and many files,
        the files are shared out among forked worker processes."""
        texts = texts or {}
        self.trees = trees if trees is not None else LintedTrees()
        consumed, preloaded = self._references(paths, texts)
        workers = _workers() if jobs > 1 and len(paths) >= PARALLEL_MIN_FILES else None
        if workers is not None and workers.can_fork():
            report = workers.lint_parallel(self, paths, texts, consumed, jobs)
        else:
            report = Report(rules=self.all_rules)
            for path in paths:
                self._lint_guarded(path, texts.get(path), consumed, report, preloaded.pop(path, None))
        if self.cache is not None:
            self.cache.save()
        report.crashed = report.crashed or self.finder_crashed
        # Files in the order given; a DefinitionUri file takes its own place in that order.
        order = {os.path.realpath(p): i for i, p in enumerate(paths)}
        report.files.sort(key=lambda r: order.get(os.path.realpath(r.path), len(order)))
        report.findings.sort(key=Finding.sort_key)
        return report

    def _references(self, paths, texts):
        """Realpaths of files some SAM template in `paths` names by DefinitionUri."""
        consumed: set[str] = set()
        preloaded: dict = {}
        for path in paths:
            text = texts.get(path)
            if text is None:
                if self.trees.escapes(path) or not os.path.isfile(path):
                    continue  # not a regular file: never opened (a FIFO would block)
                try:
                    with open(path, "rb") as f:
                        head = f.read(MAX_FILE_BYTES)
                    if not any(marker.encode() in head for marker in REFERENCE_MARKERS):
                        continue
                except OSError:
                    continue
            elif not any(marker in text for marker in REFERENCE_MARKERS):
                continue
            try:
                loaded = preloaded[path] = self._load(path, text)
            except Exception:  # noqa: BLE001 - reported when the file itself is linted (_lint_guarded)
                continue
            for m in loaded[1]:
                if isinstance(m, Reference) and self.trees.holds(path, m.target):
                    consumed.add(os.path.realpath(m.target))
        return consumed, preloaded

    def _lint_guarded(self, path, text, consumed, report, loaded=None) -> None:
        """_lint_one, where any exception while processing the file (load, locate, model, rules,
        confirmation, suppression, positions) becomes an ASL001 finding for that file alone: the
        run goes on with the other files and ends with exit 2 (issue 12, class 5)."""
        files_mark, findings_mark = len(report.files), len(report.findings)
        try:
            self._lint_one(path, text, consumed, report, loaded)
        except Exception as e:  # noqa: BLE001 - one file must not lose the others' findings
            if os.environ.get("ASLLINT_DEBUG"):
                raise
            # Whatever the file had produced before the crash is incomplete: replaced by the crash.
            del report.files[files_mark:]
            del report.findings[findings_mark:]
            message = f"asllint crashed on this file ({type(e).__name__}: {_clip(str(e))}); its findings are missing"
            report.files.append(FileResult(path, 0, message))
            report.findings.append(self._engine_finding("ASL001", message, path, ""))
            report.crashed = True

    def _lint_one(self, path, text, consumed, report, loaded=None) -> None:
        if text is None and self.trees.escapes(path):
            # A walked link out of the linted folder (`env.asl.json -> /proc/self/environ`):
            # reported, never opened.
            message = ("symbolic link to a folder outside the linted folder; not walked"
                       if path in self.trees.escaping_folders
                       else "symbolic link to a file outside the linted folder; not followed")
            if path not in self.trees.escaping_folders:  # a folder is no linted file
                report.files.append(FileResult(path, 0, message))
            if "ASL005" in self.enabled:
                report.findings.append(self._engine_finding("ASL005", message, path, ""))
            return
        sha = None
        if self.cache is not None and loaded is None and text is None and os.path.realpath(path) not in consumed:
            from asllint.cache import digest, load_findings
            from asllint.sources.load import decode, read_bytes

            try:
                raw = read_bytes(path)
                sha = digest(raw)
                entry = self.cache.get(path, sha)
                if entry is not None:
                    report.files.append(FileResult(path, entry["machines"], entry["error"]))
                    cached = load_findings(entry, path)
                    try:
                        attach_source_lines(cached, {path: decode(raw)})
                    except LoadError:
                        pass  # not text: no source line to show
                    report.findings.extend(cached)
                    return
                text = decode(raw)
            except LoadError:
                text = None  # _load reports it
        mark = len(report.findings)
        crashed = report.crashed
        report.crashed = False
        doc, machines, result, findings = loaded or self._load(path, text)
        if doc is not None and os.path.realpath(doc.path) in consumed and all(
                isinstance(m, StateMachine) and m.container == "asl" for m in machines):
            report.crashed = crashed
            return  # linted, and listed, through the SAM template that references it
        report.files.append(result)
        report.findings.extend(f for f in findings if f.code in self.enabled)
        if doc is not None:
            self._lint_document(doc, machines, result, report)
        crashed_here = report.crashed or any(f.code == "ASL001" for f in findings)
        if sha is not None and not crashed_here and not any(isinstance(m, Reference) for m in machines):
            self.cache.put(path, sha, result, report.findings[mark:])
        report.crashed = report.crashed or crashed

    # -- loading ------------------------------------------------------------------------
    def _load(self, path: str, text: str | None):
        result = FileResult(path)
        try:
            if text is None:
                text = read_text(path)
            doc = parse(path, text)
        except LoadError as e:
            result.error = e.message
            probe = text
            if probe is None and os.path.isfile(path):
                try:
                    with open(path, "rb") as f:
                        probe = f.read(65536).decode("utf-8", "replace")
                except OSError:
                    probe = None
            if looks_like_state_machine(path, probe):
                finding = self._engine_finding("ASL000", e.message, path, "", e.position)
                if text is not None:  # read and decoded: the text of the file being linted
                    attach_source_lines([finding], {path: text})
                return None, [], result, [finding]
            return None, [], result, []
        machines = []
        try:
            for found in self.pm.hook.asllint_find_state_machines(document=doc):
                machines.extend(found or ())
        except Exception as e:  # noqa: BLE001 - a broken finder must not stop the run
            self.finder_crashed = True
            crash = self._engine_finding("ASL001", f"finding the state machines crashed: {type(e).__name__}: {e}", path, "")
            attach_source_lines([crash], {path: doc.text})
            return None, [], result, [crash]
        # A DefinitionUri file counts in its own entry, not in the template's.
        result.machines = sum(1 for m in machines if isinstance(m, StateMachine))
        return doc, machines, result, []

    # -- linting ------------------------------------------------------------------------
    def _lint_document(self, doc: Document, machines: list, result: FileResult, report: Report) -> None:
        from asllint import suppress

        findings: list[Finding] = []
        if machines and doc.duplicates:
            for pointer, key, first, span in doc.duplicates:
                findings.append(self._engine_finding(
                    "ASL003", f"duplicate key {key!r}: first at line {first.start.line}; readers disagree on which value wins",
                    doc.path, pointer, None, span))
        lintable = []
        texts = {doc.path: doc.text}  # the only text `full` prints: what was read and linted
        for m in machines:
            if isinstance(m, Note):
                span = doc.span(m.pointer, "key") or doc.span(m.pointer)
                findings.append(self._engine_finding(m.code, m.message, doc.path, m.pointer, None, span, machine=m.machine))
            elif isinstance(m, Reference):
                sm, extra = self._resolve_reference(doc, m)
                findings.extend(extra)
                if sm is not None:
                    lintable.append(sm)
                    texts[sm.path] = sm.document.text
                    real = os.path.realpath(sm.path)
                    if not any(os.path.realpath(r.path) == real for r in report.files):
                        report.files.append(FileResult(sm.path, 1))
            else:
                lintable.append(m)
        for sm in lintable:
            machine_findings = self._lint_machine(sm, report)
            findings.extend(machine_findings)
        findings = suppress.apply(findings, doc, lintable, self.options, self.enabled)
        findings = [f for f in findings if f.code in self.enabled]
        attach_source_lines(findings, texts)
        report.findings.extend(findings)

    def _resolve_reference(self, doc: Document, ref):
        from asllint.sources.plain import find_plain

        if not self.trees.holds(doc.path, ref.target):
            # Never opened, and the same words whether the target exists or not.
            return None, [self._engine_finding("ASL005", f"{ref.field} {ref.uri} leads outside the linted folder; not read",
                                               doc.path, ref.pointer, None, doc.span(ref.pointer), machine=ref.name)]
        try:
            target_doc = parse(ref.target, read_text(ref.target))
        except LoadError as e:
            span = doc.span(ref.pointer)
            return None, [self._engine_finding("ASL000", f"{ref.field} {ref.uri}: {e.message}",
                                               doc.path, ref.pointer, None, span, machine=ref.name)]
        found = find_plain(target_doc)
        if not found:
            return None, [self._engine_finding("ASL004", f"{ref.field} names a file that holds no state machine definition",
                                               doc.path, ref.pointer, None, doc.span(ref.pointer), machine=ref.name)]
        sm = found[0]
        sm.name = ref.name
        sm.container = ref.properties.get("container", "sam")
        sm.machine_type = ref.properties.get("machine_type")
        sm.substitutions = ref.properties.get("substitutions", {})
        sm.ignores = ref.properties.get("ignores", ())
        return sm, []

    def _lint_machine(self, sm, report: Report) -> list[Finding]:
        from asllint import model

        machine = sm.model = model.build(sm.definition, sm.name, sm.machine_type, source=sm)
        state_at = {s.pointer: s.name for s in machine.states()}
        out = []
        for r, options in self.checks:
            try:
                problems = list(r.check(machine, options))
            except Exception as e:  # noqa: BLE001 - one broken rule must not stop the others
                report.crashed = True
                out.append(self._finding(r.code, "ASL001", f"rule {r.code} ({r.name}) crashed: {type(e).__name__}: {e}",
                                         sm, "", "value", state_at))
                continue
            for p in problems:
                f = self._finding(r.code, r.code, p.message, sm, p.pointer, p.at, state_at)
                f.data = p.data
                out.append(f)
        if self.options.confirm:
            out = self._confirm(out, machine)
        return out

    def _confirm(self, findings, machine):
        kept = []
        for f in findings:
            rule = self.all_rules.get(f.code)
            if rule is not None and rule.confirmable:
                verdict = self.pm.hook.asllint_confirm(finding=f, machine=machine)
                if verdict is not None:
                    f.confirmation = verdict
                    if verdict.get("status") == "refuted" and not self.options.show_refuted:
                        continue
            kept.append(f)
        return kept

    # -- findings -----------------------------------------------------------------------
    def _finding(self, rule_code, code, message, sm, pointer, at, state_at) -> Finding:
        rule = self.all_rules[code]
        span = _resolve_span(sm, pointer, at)
        state = None
        parts = split_pointer(pointer)
        for n in range(len(parts), 0, -1):
            candidate = "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts[:n])
            if candidate in state_at:
                state = state_at[candidate]
                break
        severity = self.options.severity.get(code) or self.options.severity.get(rule.name) or rule.severity
        return Finding(code, rule.name, severity, message, Location(sm.path, sm.pointer + pointer, span),
                       sm.name, state, rule.url)

    def _engine_finding(self, code, message, path, pointer, position=None, span=None, machine=None) -> Finding:
        rule = self.all_rules[code]
        if span is None:
            p = position or Position(1, 1)
            span = Span(p, p)
        severity = self.options.severity.get(code) or self.options.severity.get(rule.name) or rule.severity
        return Finding(code, rule.name, severity, message, Location(path, pointer, span), machine, None, rule.url)


def _clip(text: str, limit: int = 200) -> str:
    """An exception's text, short enough for one finding line (some quote the whole input)."""
    return text if len(text) <= limit else text[:limit] + "..."


def _resolve_span(sm, pointer: str, at: str) -> Span:
    """The span of the pointer, else of its nearest ancestor that has one: never a fake 1:1."""
    parts = split_pointer(pointer)
    for n in range(len(parts), -1, -1):
        p = "".join("/" + x.replace("~", "~0").replace("/", "~1") for x in parts[:n])
        span = sm.span(p, at if n == len(parts) else "value")
        if span is not None:
            return span
    doc_span = sm.document.span("") if sm.document is not None else None
    return doc_span or Span(Position(1, 1), Position(1, 1))


def _workers():
    # Loaded only for a run large enough to fork (it brings concurrent.futures and threading).
    from asllint import workers

    return workers
