// Package action tests the GitHub Action in ../action.yml outside GitHub:
// a small runner executes the composite action's run steps in order with
// the environment variables a runner sets, against a throwaway repository
// and a fake of GitHub's issue-comments API.
package action

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

type actionFile struct {
	Inputs map[string]struct {
		Description string `yaml:"description"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

type step struct {
	ID    string            `yaml:"id"`
	Name  string            `yaml:"name"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	With  map[string]string `yaml:"with"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Env   map[string]string `yaml:"env"`
}

func loadAction(t *testing.T) actionFile {
	t.Helper()
	data, err := os.ReadFile("../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return a
}

// runner plays the part of GitHub's runner for one job.
type runner struct {
	t         *testing.T
	action    actionFile
	root      string // the action's checkout (GITHUB_ACTION_PATH)
	env       map[string]string
	inputs    map[string]string
	outputs   map[string]map[string]string // step id → outputs
	path      []string                     // GITHUB_PATH additions
	stdout    strings.Builder
	failedRun int    // exit code of the last step that failed, 0 if none
	baseWant  string // the merge-base the base step should find
	// took is each run step's wall time, by step name.
	took map[string]time.Duration
}

var exprRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// expand evaluates the few expressions the action's run steps may use; any
// other expression fails the test, so action.yml stays within what this
// runner can check.
func (r *runner) expand(s string) string {
	return exprRE.ReplaceAllStringFunc(s, func(m string) string {
		e := exprRE.FindStringSubmatch(m)[1]
		switch {
		case e == "github.token":
			return r.env["GITHUB_TOKEN"]
		case e == "github.action_path":
			return r.root
		case strings.HasPrefix(e, "inputs."):
			name := strings.TrimPrefix(e, "inputs.")
			in, ok := r.action.Inputs[name]
			if !ok {
				r.t.Fatalf("action.yml uses undeclared input %q", name)
			}
			if v, ok := r.inputs[name]; ok {
				return v
			}
			return r.expand(in.Default)
		case strings.HasPrefix(e, "steps."):
			parts := strings.Split(e, ".")
			if len(parts) != 4 || parts[2] != "outputs" {
				r.t.Fatalf("unsupported expression %q", e)
			}
			return r.outputs[parts[1]][parts[3]]
		}
		r.t.Fatalf("unsupported expression %q in action.yml", e)
		return ""
	})
}

func (r *runner) run() {
	t := r.t
	if r.action.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", r.action.Runs.Using)
	}
	for i, s := range r.action.Runs.Steps {
		if s.Uses != "" {
			continue // other actions (setup-go, upload-sarif) are GitHub's to run
		}
		if s.If != "" {
			t.Fatalf("step %q: run steps must not have if: (this runner does not evaluate it)", s.Name)
		}
		if s.Shell != "bash" {
			t.Fatalf("step %q: shell %q, want bash", s.Name, s.Shell)
		}
		dir := t.TempDir()
		outFile := filepath.Join(dir, "output")
		script := filepath.Join(dir, "step.sh")
		if err := os.WriteFile(script, []byte(r.expand(s.Run)), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(outFile, nil, 0o644)
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Dir = r.env["GITHUB_WORKSPACE"]
		env := os.Environ()
		for k, v := range r.env {
			env = append(env, k+"="+v)
		}
		env = append(env, "GITHUB_OUTPUT="+outFile, "GITHUB_ACTION_PATH="+r.root,
			"PATH="+strings.Join(append(r.path, os.Getenv("PATH")), string(os.PathListSeparator)))
		for k, v := range s.Env {
			env = append(env, k+"="+r.expand(v))
		}
		cmd.Env = env
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if r.took == nil {
			r.took = map[string]time.Duration{}
		}
		r.took[s.Name] = time.Since(start)
		r.stdout.Write(out)
		if s.ID != "" {
			r.outputs[s.ID] = parseOutputs(t, outFile)
		}
		if data, err := os.ReadFile(r.env["GITHUB_PATH"]); err == nil {
			r.path = nil
			for _, p := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				if p != "" {
					r.path = append([]string{p}, r.path...)
				}
			}
		}
		if err != nil {
			code := -1
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if i != len(r.action.Runs.Steps)-1 {
				t.Fatalf("step %q failed (exit %d):\n%s", s.Name, code, out)
			}
			r.failedRun = code
		}
	}
}

// parseOutputs reads a GITHUB_OUTPUT file: name=value lines and
// name<<DELIM … DELIM blocks.
func parseOutputs(t *testing.T, path string) map[string]string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		line := sc.Text()
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var v []string
			for sc.Scan() && sc.Text() != delim {
				v = append(v, sc.Text())
			}
			out[name] = strings.Join(v, "\n")
			continue
		}
		if name, v, ok := strings.Cut(line, "="); ok {
			out[name] = v
		}
	}
	return out
}

// fakeGitHub serves the issue-comments API for one repository, with pages
// of two comments so the action must follow pagination.
type fakeGitHub struct {
	mu       sync.Mutex
	comments []comment
	nextID   int
	creates  int
	updates  int
	token    string
	// user is the token's login for GET /user; empty: an installation
	// token, which GitHub refuses there and which writes as bot.
	user string
	t    *testing.T
}

const bot = "github-actions[bot]"

type comment struct {
	ID   int    `json:"id"`
	Body string `json:"body"`
	User struct {
		Login string `json:"login"`
	} `json:"user"`
}

// by returns a comment written by login.
func by(login string, id int, body string) comment {
	c := comment{ID: id, Body: body}
	c.User.Login = login
	return c
}

func (f *fakeGitHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+f.token {
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
		return
	}
	var body struct {
		Body string `json:"body"`
	}
	if r.Method == http.MethodPost || r.Method == http.MethodPatch {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Body == "" {
			http.Error(w, `{"message":"Problems parsing JSON"}`, http.StatusBadRequest)
			return
		}
		if utf8.RuneCountInString(body.Body) > 65536 {
			http.Error(w, `{"message":"Validation Failed","errors":[{"message":"body is too long (maximum is 65536 characters)"}]}`, http.StatusUnprocessableEntity)
			return
		}
	}
	const perPage = 2
	author := cmp.Or(f.user, bot)
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/user":
		if f.user == "" {
			http.Error(w, `{"message":"Resource not accessible by integration"}`, http.StatusForbidden)
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"login": f.user})
	case r.Method == http.MethodGet && r.URL.Path == "/repos/acme/shop/issues/7/comments":
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		lo, hi := min((page-1)*perPage, len(f.comments)), min(page*perPage, len(f.comments))
		json.NewEncoder(w).Encode(append([]comment{}, f.comments[lo:hi]...))
	case r.Method == http.MethodPost && r.URL.Path == "/repos/acme/shop/issues/7/comments":
		f.nextID++
		c := by(author, f.nextID, body.Body)
		f.comments = append(f.comments, c)
		f.creates++
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(c)
	case r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, "/repos/acme/shop/issues/comments/"):
		id, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/repos/acme/shop/issues/comments/"))
		for i := range f.comments {
			if f.comments[i].ID == id {
				if f.comments[i].User.Login != author {
					f.t.Errorf("comment %d by %s edited with %s's token", id, f.comments[i].User.Login, author)
				}
				f.comments[i].Body = body.Body
				f.updates++
				json.NewEncoder(w).Encode(f.comments[i])
				return
			}
		}
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
	default:
		f.t.Errorf("unexpected request %s %s", r.Method, r.URL)
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
	}
}

func (f *fakeGitHub) ours() []comment {
	f.mu.Lock()
	defer f.mu.Unlock()
	var cs []comment
	for _, c := range f.comments {
		if strings.Contains(c.Body, "<!-- schemacheck-comment -->") {
			cs = append(cs, c)
		}
	}
	return cs
}

const config = "version: 1\ndatabases:\n  - migrations: db\n"

// job sets up a pull request whose head adds migrationSQL, cloned one
// commit deep as actions/checkout does, and returns a runner for it.
func job(t *testing.T, gh *fakeGitHub, api string, migrationSQL string) *runner {
	t.Helper()
	origin := gittest.New(t)
	origin.Write(map[string]string{
		"schemacheck.yaml": config,
		"db/1_init.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n",
		"README.md":        "shop\n",
	})
	base := origin.Commit("init")
	origin.Git("checkout", "-q", "-b", "feature")
	origin.Write(map[string]string{"db/2_change.up.sql": migrationSQL})
	origin.Commit("risky change")
	origin.Git("checkout", "-q", "main")
	origin.Write(map[string]string{"README.md": "shop, moved on\n"})
	origin.Commit("main moves on after the branch")

	ws := origin.Clone("--depth", "1", "--branch", "feature")
	tmp := t.TempDir()
	event := filepath.Join(tmp, "event.json")
	os.WriteFile(event, []byte(`{"action":"synchronize","number":7,"pull_request":{"number":7,"base":{"ref":"main","sha":"`+base+`"}}}`), 0o644)
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	r := &runner{
		t: t, action: loadAction(t), root: root,
		inputs:  map[string]string{"setup-go": "false"},
		outputs: map[string]map[string]string{},
		env: map[string]string{
			"GITHUB_ACTIONS":      "true",
			"CI":                  "true",
			"GITHUB_WORKSPACE":    ws.Dir,
			"GITHUB_EVENT_NAME":   "pull_request",
			"GITHUB_EVENT_PATH":   event,
			"GITHUB_STEP_SUMMARY": filepath.Join(tmp, "summary.md"),
			"GITHUB_PATH":         filepath.Join(tmp, "path"),
			"GITHUB_ENV":          filepath.Join(tmp, "env"),
			"GITHUB_BASE_REF":     "main",
			"GITHUB_HEAD_REF":     "feature",
			"GITHUB_REPOSITORY":   "acme/shop",
			"GITHUB_TOKEN":        gh.token,
			"GITHUB_API_URL":      api,
			"GITHUB_ACTION_REF":   "v0.0.0-test",
			"RUNNER_TEMP":         tmp,
		},
	}
	r.baseWant = base
	return r
}

func TestActionOnPullRequest(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("jq is not installed (GitHub's runners have it)")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed (GitHub's runners have it)")
	}
	gh := &fakeGitHub{t: t, token: "ghs_test", nextID: 100,
		comments: []comment{{ID: 1, Body: "LGTM"}, {ID: 2, Body: "please add a test"}, {ID: 3, Body: "@bot rerun"}}}
	srv := httptest.NewServer(gh)
	defer srv.Close()

	risky := "CREATE INDEX orders_customer_idx ON orders (customer_id);\n"
	r := job(t, gh, srv.URL, risky)
	r.run()

	if r.outputs["base"]["base"] != r.baseWant {
		t.Errorf("base = %q, want the merge-base %s (the shallow clone must be deepened)", r.outputs["base"]["base"], r.baseWant)
	}
	log := r.stdout.String()
	if !strings.Contains(log, "schemacheck v0.0.0-test") {
		t.Errorf("the install step must build the action's source stamped with its ref:\n%s", log)
	}
	if !strings.Contains(log, "::error file=db/2_change.up.sql,line=1") || !strings.Contains(log, "SC-DB101") {
		t.Errorf("no annotation for the risky index in the log:\n%s", log)
	}
	if strings.Contains(log, "1_init.up.sql,") {
		t.Errorf("the migration already on the base branch was annotated:\n%s", log)
	}
	if r.failedRun != 1 {
		t.Errorf("last step exit %d, want 1 (findings fail the job)\n%s", r.failedRun, log)
	}
	summary, _ := os.ReadFile(r.env["GITHUB_STEP_SUMMARY"])
	if !strings.Contains(string(summary), "### schemacheck") || !strings.Contains(string(summary), "SC-DB101") {
		t.Errorf("job summary lacks the report:\n%s", summary)
	}
	ours := gh.ours()
	if len(ours) != 1 || gh.creates != 1 || !strings.Contains(ours[0].Body, "SC-DB101") {
		t.Fatalf("after the first run: %d comments of ours, %d creates; want 1 with the finding: %+v", len(ours), gh.creates, ours)
	}
	firstID := ours[0].ID

	// A second push with more findings: the comment, now on page 2 of the
	// listing, is edited in place.
	r2 := job(t, gh, srv.URL, risky+"ALTER TABLE orders ADD COLUMN placed_by text NOT NULL;\n")
	r2.run()
	ours = gh.ours()
	if len(ours) != 1 || gh.creates != 1 || gh.updates != 1 || ours[0].ID != firstID {
		t.Fatalf("after the second run: %d comments of ours, %d creates, %d updates; want the one comment updated", len(ours), gh.creates, gh.updates)
	}
	if !strings.Contains(ours[0].Body, "placed\\_by") {
		t.Errorf("updated comment lacks the new finding:\n%s", ours[0].Body)
	}

	// The fix: a clean PR updates the comment to say so.
	r3 := job(t, gh, srv.URL, "CREATE TABLE refunds (id bigint PRIMARY KEY);\n")
	r3.run()
	ours = gh.ours()
	if r3.failedRun != 0 || len(ours) != 1 || gh.updates != 2 || !strings.Contains(ours[0].Body, "No findings.") {
		t.Errorf("clean run: exit %d, %d comments, %d updates, body %q", r3.failedRun, len(ours), gh.updates, ours[0].Body)
	}
	if len(gh.comments) != 4 {
		t.Errorf("other people's comments must stay: %d comments, want 4", len(gh.comments))
	}
}

func TestActionSummarisesManyFindings(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("jq is not installed (GitHub's runners have it)")
	}
	gh := &fakeGitHub{t: t, token: "ghs_test"}
	srv := httptest.NewServer(gh)
	defer srv.Close()
	var sql strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&sql, "CREATE INDEX orders_idx_%d_with_a_long_name_to_fill_the_report ON orders (customer_id);\n", i)
	}
	r := job(t, gh, srv.URL, sql.String())
	r.run()
	if n := strings.Count(r.stdout.String(), "::error file="); n < 3000 {
		t.Errorf("%d error annotations, want every finding (3000)", n)
	}
	ours := gh.ours()
	if len(ours) != 1 {
		t.Fatalf("%d comments, want 1", len(ours))
	}
	n := utf8.RuneCountInString(ours[0].Body)
	if n >= 65536 || !strings.Contains(ours[0].Body, "more findings not shown") {
		t.Errorf("comment of %d characters, want a summary under 65,536 that says findings were left out", n)
	}
	t.Logf("3000 findings → comment of %d characters", n)
}

func TestActionOutsidePullRequest(t *testing.T) {
	gh := &fakeGitHub{t: t, token: "ghs_test"}
	srv := httptest.NewServer(gh)
	defer srv.Close()
	r := job(t, gh, srv.URL, "CREATE TABLE refunds (id bigint PRIMARY KEY);\n")
	os.WriteFile(r.env["GITHUB_EVENT_PATH"], []byte(`{"ref":"refs/heads/main"}`), 0o644)
	r.env["GITHUB_EVENT_NAME"] = "push"
	delete(r.env, "GITHUB_BASE_REF")
	r.run()
	if r.failedRun != 0 || gh.creates != 0 {
		t.Errorf("push: exit %d, %d comments created; want 0 and none\n%s", r.failedRun, gh.creates, r.stdout.String())
	}
	if !strings.Contains(r.stdout.String(), "not a pull request") {
		t.Errorf("comment step must say why it did nothing:\n%s", r.stdout.String())
	}
}

func TestActionInputsAreDocumented(t *testing.T) {
	a := loadAction(t)
	for name, in := range a.Inputs {
		if strings.TrimSpace(in.Description) == "" {
			t.Errorf("input %s has no description", name)
		}
	}
	var uses []string
	for _, s := range a.Runs.Steps {
		if s.Uses != "" {
			uses = append(uses, s.Uses)
		}
	}
	joined := strings.Join(uses, " ")
	for _, want := range []string{"actions/setup-go@", "github/codeql-action/upload-sarif@"} {
		if !strings.Contains(joined, want) {
			t.Errorf("action.yml does not use %s", want)
		}
	}
	readme, err := os.ReadFile("../docs/integrations.md")
	if err != nil {
		t.Fatal(err)
	}
	for name := range a.Inputs {
		if !strings.Contains(string(readme), "`"+name+"`") {
			t.Errorf("docs/integrations.md does not document the action input %s", name)
		}
	}
}

func TestScriptsPassShellcheck(t *testing.T) {
	sc, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed (apt-get install shellcheck); the action's scripts are not linted")
	}
	scripts, _ := filepath.Glob("*.sh")
	if len(scripts) == 0 {
		t.Fatal("no scripts found")
	}
	if out, err := exec.Command(sc, append([]string{"--shell=bash"}, scripts...)...).CombinedOutput(); err != nil {
		t.Errorf("shellcheck: %v\n%s", err, out)
	}
}

// The comment step's own guard: a report over the limit (here 100,000
// multi-byte characters, so bytes and characters differ) is cut, in
// characters, below what GitHub accepts.
func TestCommentCutsOversizedReport(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("jq is not installed (GitHub's runners have it)")
	}
	gh := &fakeGitHub{t: t, token: "ghs_test"}
	srv := httptest.NewServer(gh)
	defer srv.Close()
	dir := t.TempDir()
	report := filepath.Join(dir, "report.md")
	os.WriteFile(report, []byte(strings.Repeat("é", 100000)), 0o644)
	event := filepath.Join(dir, "event.json")
	os.WriteFile(event, []byte(`{"pull_request":{"number":7}}`), 0o644)
	cmd := exec.Command("bash", "comment.sh")
	cmd.Env = append(os.Environ(), "REPORT="+report, "GITHUB_EVENT_PATH="+event, "GITHUB_TOKEN=ghs_test",
		"GITHUB_API_URL="+srv.URL, "GITHUB_REPOSITORY=acme/shop", "CLEAN=false", "INPUT_COMMENT=true")
	if out, err := cmd.CombinedOutput(); err != nil || gh.creates != 1 {
		t.Fatalf("comment.sh: %v, %d comments created\n%s", err, gh.creates, out)
	}
	body := gh.comments[0].Body
	if n := utf8.RuneCountInString(body); n > 65536 || !strings.Contains(body, "report cut at GitHub") {
		t.Errorf("comment of %d characters, want it cut below 65,536 with a note", n)
	}
}

// TestCommentEditsOnlyItsOwn plants the comments that fooled the updater:
// a maintainer's comment quoting the marker and a pull request author's
// comment that starts with it. Neither is edited: with GITHUB_TOKEN the
// action creates its own comment, then updates that one; with a user's
// token (identified by GET /user) it updates that user's marked comment.
func TestCommentEditsOnlyItsOwn(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("jq is not installed (GitHub's runners have it)")
	}
	const marker = "<!-- schemacheck-comment -->"
	planted := []comment{
		by("maintainer", 1, "The bot's comment starts with "+marker+", please keep it"),
		by("pr-author", 2, marker+"\nschemacheck: no findings"),
	}
	dir := t.TempDir()
	report := filepath.Join(dir, "report.md")
	os.WriteFile(report, []byte("1 error: SC-DB101 on db/2.sql\n"), 0o644)
	event := filepath.Join(dir, "event.json")
	os.WriteFile(event, []byte(`{"pull_request":{"number":7}}`), 0o644)
	comment := func(gh *fakeGitHub) {
		t.Helper()
		srv := httptest.NewServer(gh)
		defer srv.Close()
		cmd := exec.Command("bash", "comment.sh")
		cmd.Env = append(os.Environ(), "REPORT="+report, "GITHUB_EVENT_PATH="+event, "GITHUB_TOKEN="+gh.token,
			"GITHUB_API_URL="+srv.URL, "GITHUB_REPOSITORY=acme/shop", "CLEAN=false", "INPUT_COMMENT=true")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("comment.sh: %v\n%s", err, out)
		}
	}
	gh := &fakeGitHub{t: t, token: "ghs_test", nextID: 2, comments: slices.Clone(planted)}
	comment(gh)
	comment(gh)
	if gh.creates != 1 || gh.updates != 1 {
		t.Errorf("GITHUB_TOKEN: %d created, %d updated; want its own comment created once, then updated", gh.creates, gh.updates)
	}
	for i, c := range planted {
		if gh.comments[i].Body != c.Body {
			t.Errorf("%s's comment was edited: %q", c.User.Login, gh.comments[i].Body)
		}
	}

	mine := by("octo-bot", 3, marker+"\nold report")
	gh = &fakeGitHub{t: t, token: "ghp_user", user: "octo-bot", nextID: 3, comments: append(slices.Clone(planted), mine)}
	comment(gh)
	if gh.creates != 0 || gh.updates != 1 || !strings.Contains(gh.comments[2].Body, "SC-DB101") {
		t.Errorf("user token: %d created, %d updated, its comment %q; want its own comment updated", gh.creates, gh.updates, gh.comments[2].Body)
	}
}
