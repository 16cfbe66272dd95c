"""The fused lizard path finds exactly what lizard's own analysis finds: same functions, first
lines and complexities, on sources written to exercise every rule the fusion re-implements
(line counting through comments and raw strings, forgive directives, the GENERATED CODE stop,
the `newline` flag TypeScript reads), and through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import lizard
import pytest

from prodready.facts.quality import cc_rank
from prodready.scanning import lizard_go, lizard_run

GO = '''package main

// Handler serves.
// It has a two-line comment.
func (s *Server) Handle(w http.ResponseWriter, r *http.Request) error {
	if r == nil || w == nil {
		return nil
	}
	/* a block comment
	   over three
	   lines */
	for _, x := range []int{1, 2} {
		switch x {
		case 1:
			go func() {
				if x > 0 && x < 3 {
					fmt.Println(`raw
string over
lines`)
				}
			}()
		case 2:
		default:
		}
	}
	return nil
}

type Fn func(int) error

var handler = func(a int) int {
	if a > 1 {
		return a
	}
	return 0
}

func Generic[T any, U comparable](items []T, key U) map[U][]T {
	out := map[U][]T{}
	for _, it := range items {
		if true {
			out[key] = append(out[key], it)
		}
	}
	return out
}

// #lizard forgive
func Forgiven(a int) int {
	if a > 0 {
		return 1
	}
	return 0
}

func After() {
	select {
	case <-time.After(1):
	}
}
'''

GO_GENERATED = '''package main

func Before(a int) int {
	if a > 0 {
		return 1
	}
	return 0
}

// Code below is GENERATED CODE, do not edit.
func After(b int) int {
	if b > 0 {
		return 1
	}
	return 0
}
'''

TS = '''import { x } from "y";

export class Service {
  constructor(private readonly repo: Repo) {}

  async find(id: string): Promise<Item | undefined> {
    if (!id || id.length > 10) {
      throw new Error(`bad
id ${id}`);
    }
    /* two
       lines */
    return this.repo.items.find((item) => item.id === id && item.visible) ?? undefined;
  }
}

export function handler(req: Request, res: Response) {
  const value = req.query.a ? 1 : 2
  for (const k of Object.keys(req.body)) {
    if (k === "a") { continue }
  }
  switch (value) {
    case 1: return res.send("one")
    case 2: return res.send("two")
  }
}

export const arrow = (a: number): number =>
  a > 0
    ? a
    : -a
'''

JS = '''// #lizard forgive global
const express = require("express");
if (process.env.X && process.env.Y) { console.log("top") }

function route(req, res) {
  // #lizard forgives(CCN)
  if (req.a) { return 1 }
  while (req.b) { req.b-- }
  return req.c || req.d
}

module.exports = function (app) {
  app.get("/", (req, res) => {
    try { route(req, res) } catch (e) { res.status(500) }
  })
}
'''

JAVA = '''package com.example;

/**
 * Javadoc over
 * several lines.
 */
public class Controller {
    @GetMapping("/items/{id}")
    public ResponseEntity<Item> get(@PathVariable long id) {
        if (id < 0 || id > 100) {
            return ResponseEntity.badRequest().build();
        }
        for (int i = 0; i < 3; i++) {
            try {
                return repo.find(id).orElseThrow();
            } catch (NotFound e) {
                continue;
            }
        }
        return id > 5 ? ok() : notFound();
    }

    private static <T extends Comparable<T>> T max(List<T> xs) {
        T best = null;
        for (T x : xs) { if (best == null || x.compareTo(best) > 0) { best = x; } }
        return best;
    }
}
'''

KOTLIN = '''package com.example

class Service(private val repo: Repo) {
    fun find(id: Long): Item? {
        if (id < 0 && id != -1L) return null
        return when (id) {
            1L -> repo.one()
            2L -> repo.two()
            else -> repo.find(id)
        }
    }
}
'''

RUBY = '''# a comment
# over two lines
class Service
  def find(id)
    if id.nil? || id < 0
      return nil
    end
    =begin
    =end
    id > 5 ? :big : :small
  end
end
'''

# declarations, literals and function types in the places where GoStates looks at the token
# before (`type` after `(`, a literal after `]`, `chan` or `*`, `{` after `interface`), closures
# nested three deep, generics and `var` initialisers: the Go path passes only the tokens that
# act to the state machines and must leave every machine's last token as lizard would
GO_DECLARATIONS = '''package shapes

type (
	Point struct{ X, Y int }
	Handler func(int) error
)

type Shape interface {
	Area() float64
	Perimeter() float64
}

var callbacks = []func(int) int{
	func(x int) int { if x > 0 { return x }; return -x },
}

var handle = func(w int) error {
	if w > 1 && w < 10 {
		return nil
	}
	return nil
}

var ch chan func() int

var hooks = map[string]*func() int{}

func Map[T any, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func (p *Point) Walk(steps int) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = nil
		}
	}()
	ptr := *func() *int { v := 1; return &v }()
	fs := map[string]func() int{"a": func() int { return 1 }}
	var local = func() int { return 2 }
	for i := 0; i < steps; i++ {
		select {
		case <-time.After(1):
			n++
		default:
			if i%2 == 0 || i > 7 { continue }
		}
	}
	_, _, _ = ptr, fs, local
	return n, nil
}

func outer() func() int {
	return func() int {
		return func() int { if true { return 1 }; return 0 }()
	}
}

func withInterface(v interface{ M() }) interface{} {
	type local struct{ a int }
	if v != nil {
		return local{1}
	}
	return nil
}
'''

GO_EDGES = '''package edges

var table = map[string]int{"a": 1, "b": 2}

func Runes(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case '{', '}', '\\'', '/':
			n++
		case '"':
			n += 2
		}
	}
	text := "a // not a comment /* nor this */ if for case && ||"
	raw := `}} func type var {{ if`
	iffy, fortune, cases, func_, typed, variable := 1, 2, 3, 4, 5, 6
	ñame := iffy / fortune /cases
	ñame &^= 1
	_ = a /* inline */ / b
	if n > 0 && text != "" || raw == "" {
		n = n + iffy + fortune + cases + func_ + typed + variable + ñame
	}
	return n
}

func (p Pair) Both(n int, cb func(int) bool,
	rest ...string) bool {
	return p.Left(n) && p.Right(n) && cb(n)
}

func Switch(x interface{}) string {
	switch v := x.(type) {
	case int:
		return "int"
	case func(...int) (int, error):
		_ = v
		return "func"
	}
	var f func(a, b int) (c int)
	var g = [2]func() int{}
	_ = f; _ = g
	return ""
}

type Pair struct {
	Left, Right func(int) bool
	Tag         string `json:"tag,omitempty"`
	Nested      struct{ A, B int }
}
/* an unclosed comment at the end { func if
'''

SOURCES = {
    "service.rb": RUBY,  # a reader with its own comment syntax: the generic comment path
    "main.go": GO,
    "generated.go": GO_GENERATED,
    "service.ts": TS,
    "component.tsx": TS.replace("export const arrow", "export const View = () => <div>{a}</div>\nexport const arrow"),
    "routes.js": JS,
    "Controller.java": JAVA,
    "Service.kt": KOTLIN,
    "crlf.go": GO.replace("\n", "\r\n"),
    "shapes.go": GO_DECLARATIONS,
    "edges.go": GO_EDGES,
    # a stray `}` at the top: lizard's top machine exits, and what follows is read differently
    "stray.go": GO_EDGES.replace("\nfunc Runes", "}\nfunc stray() { if x { } }\n\nfunc Runes"),
    "unicode.go": GO_EDGES.replace(" := 0", "\u00a0:=\u00a00").replace("\t", "\t\f", 3),
}


def lizard_own(path: str, text: str) -> list[tuple[str, int, int]]:
    result = lizard.analyze_file.analyze_source_code(path, text)
    return [(f.name, f.start_line, f.cyclomatic_complexity) for f in result.function_list]


@pytest.mark.parametrize("path", sorted(SOURCES))
def test_fused_path_finds_what_lizard_finds(path):
    text = SOURCES[path]
    expected = lizard_own(path, text)
    assert expected, "the sample must give lizard functions to find"
    assert lizard_run.analyze(path, text) == expected


def test_the_samples_exercise_the_rules_the_fusion_keeps():
    go = dict(((name, line), cc) for name, line, cc in lizard_run.analyze("main.go", GO))
    assert go[("Handle", 5)] == 6  # if, ||, for, case, case (the closure's own conditions are its own)
    assert "Forgiven" not in {name for name, _line in go}  # `#lizard forgive` drops the next function
    assert go[("anonymous__0", 15)] == 3  # a closure is a function of its own
    assert ("After", 56) in go  # lines after a raw string and block comments still line up
    generated = [name for name, _line, _cc in lizard_run.analyze("generated.go", GO_GENERATED)]
    assert generated == ["Before"]  # analysis stops at the GENERATED CODE comment


def test_go_files_take_the_go_path_and_the_general_path_agrees(monkeypatch):
    if lizard_go.go_parts() is None:
        pytest.skip("the Go path is only taken with a lizard it was checked against (GO_CHECKED_LIZARD)")
    taken = []
    go_path = lizard_run.analyze_go
    monkeypatch.setattr(lizard_run, "analyze_go", lambda reader, text: taken.append(go_path(reader, text)) or taken[-1])
    for path in ("main.go", "shapes.go", "crlf.go", "generated.go"):
        assert lizard_run.analyze(path, SOURCES[path]) == lizard_own(path, SOURCES[path])
    assert taken == [True] * 4
    monkeypatch.setattr(lizard_run, "analyze_go", lambda reader, text: False)
    for path in ("main.go", "shapes.go"):
        assert lizard_run.analyze(path, SOURCES[path]) == lizard_own(path, SOURCES[path])


def test_without_lizard_internals_it_falls_back_to_lizard_itself(monkeypatch):
    monkeypatch.setattr(lizard_run, "_internals", lambda: None)
    assert lizard_run.analyze("main.go", GO) == lizard_own("main.go", GO)


def test_the_audit_reports_the_complexities_lizard_gives(make_repo):
    repo = make_repo({"go.mod": "module example.com/svc\n\ngo 1.22\n", "main.go": GO, "web/service.ts": TS})
    result = subprocess.run([sys.executable, "-m", "prodready", "audit", str(repo), "-f", "json", "--no-cache",
                             "--only", "qa.complexity", "--max-complexity", "3"], capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    verdict = json.loads(result.stdout)["checks"][0]
    assert verdict["id"] == "qa.complexity"
    reported = {(e["path"], e["line"], e["note"]) for e in verdict["evidence"]}
    assert ("main.go", 5, "Handle: complexity 6 (rank B)") in reported
    expected_ts = lizard_own("web/service.ts", TS)
    worst_ts = max(expected_ts, key=lambda f: f[2])
    assert ("web/service.ts", worst_ts[1], f"{worst_ts[0]}: complexity {worst_ts[2]} (rank {cc_rank(worst_ts[2])})") in reported


GO_SPARSE = {"main.go": True, "shapes.go": True, "crlf.go": True, "generated.go": True, "edges.go": True,
             "stray.go": True, "unicode.go": True}
# what keeps a file on the token loop: a `?` (lizard's template tokens) or digits separated by `'`
GO_TOKEN_LOOP = {
    "question.go": GO.replace("// Handler serves.", "// Handler serves? Yes: a < b ? c : d > e"),
    "separated.go": GO_EDGES.replace("n := 0", "n := 1'000"),
}


@pytest.mark.parametrize("path", sorted(GO_SPARSE) + sorted(GO_TOKEN_LOOP))
def test_both_go_loops_find_what_lizard_finds(path, monkeypatch):
    """The sparse loop, where it applies, and the token loop give lizard's own functions."""
    parts = lizard_go.go_parts()
    if parts is None:
        pytest.skip("the Go path is only taken with a lizard it was checked against (GO_CHECKED_LIZARD)")
    text = SOURCES.get(path) or GO_TOKEN_LOOP[path]
    from lizard_core.file_info_builder import FileInfoBuilder

    applies = lizard_go._sparse_applies(parts, parts[0](FileInfoBuilder(path)), text)
    assert applies is (path in GO_SPARSE)
    expected = lizard_own(path, text)
    assert expected
    assert lizard_run.analyze(path, text) == expected
    monkeypatch.setattr(lizard_go, "_analyze_sparse", lizard_go._analyze_tokens)
    assert lizard_run.analyze(path, text) == expected


def test_the_edges_sample_exercises_what_the_sparse_loop_skips():
    found = {name: cc for name, _line, cc in lizard_run.analyze("edges.go", GO_EDGES)}
    assert found["Runes"] == 7  # for, two cases, if, &&, || (the string's words are no conditions)
    assert found["Switch"] == 3  # a type switch: `type` after `(` starts nothing
    assert found["Both"] == 3  # a parameter list over two lines, func types in it
