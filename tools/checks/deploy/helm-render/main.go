// Renders a Helm chart the way `helm template` does, for machines without helm: Go's text/template
// with Sprig (the same libraries Helm uses) plus Helm's own functions and built-in objects. It is a
// stand-in for checks, not a replacement: .github/workflows/chart.yml runs the real helm.
//
//	helm-render <chart> <values.json> <release> <namespace>
//
// prints every rendered template as a JSON object {file: text}, or one line on stderr and exit 1.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"gopkg.in/yaml.v3"
)

func toYaml(v interface{}) string {
	out, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(out), "\n")
}

func fromYaml(text string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(text), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

// Files is .Files: the chart's non-template files.
type Files struct{ root string }

func (f Files) Get(name string) string {
	data, err := os.ReadFile(filepath.Join(f.root, name))
	if err != nil {
		return ""
	}
	return string(data)
}

func (f Files) Glob(pattern string) map[string][]byte {
	matches, _ := filepath.Glob(filepath.Join(f.root, pattern))
	out := map[string][]byte{}
	for _, m := range matches {
		rel, _ := filepath.Rel(f.root, m)
		data, _ := os.ReadFile(m)
		out[rel] = data
	}
	return out
}

func fail(message string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, message+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 5 {
		fail("usage: helm-render <chart> <values.json> <release> <namespace>")
	}
	chart, valuesFile, release, namespace := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	var values map[string]interface{}
	raw, err := os.ReadFile(valuesFile)
	if err != nil {
		fail("%v", err)
	}
	if err := json.Unmarshal(raw, &values); err != nil {
		fail("%v", err)
	}
	var meta map[string]interface{}
	chartYaml, err := os.ReadFile(filepath.Join(chart, "Chart.yaml"))
	if err != nil {
		fail("%v", err)
	}
	if err := yaml.Unmarshal(chartYaml, &meta); err != nil {
		fail("Chart.yaml: %v", err)
	}
	// Helm capitalises Chart.yaml's keys for templates (.Chart.AppVersion).
	chartObject := map[string]interface{}{}
	for k, v := range meta {
		chartObject[strings.ToUpper(k[:1])+k[1:]] = v
	}

	root := template.New("chart")
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = toYaml
	funcs["fromYaml"] = fromYaml
	funcs["required"] = func(message string, v interface{}) (interface{}, error) {
		if v == nil || v == "" {
			return nil, fmt.Errorf("%s", message)
		}
		return v, nil
	}
	// No cluster: lookup finds nothing, as in `helm template`.
	funcs["lookup"] = func(string, string, string, string) map[string]interface{} { return map[string]interface{}{} }
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.Execute(&buf, data)
		return buf.String(), err
	}
	root.Funcs(funcs).Option("missingkey=zero")

	dir := filepath.Join(chart, "templates")
	entries, err := os.ReadDir(dir)
	if err != nil {
		fail("%v", err)
	}
	var names []string
	for _, e := range entries {
		text, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		name := filepath.Join(chart, "templates", e.Name())
		if _, err := root.New(name).Parse(string(text)); err != nil {
			fail("%v", err)
		}
		if !strings.HasPrefix(e.Name(), "_") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	out := map[string]string{}
	for _, file := range names {
		name := filepath.Join(chart, "templates", file)
		data := map[string]interface{}{
			"Values":       values,
			"Chart":        chartObject,
			"Release":      map[string]interface{}{"Name": release, "Namespace": namespace, "Service": "Helm", "Revision": 1, "IsInstall": true, "IsUpgrade": false},
			"Files":        Files{root: chart},
			"Template":     map[string]interface{}{"Name": name, "BasePath": filepath.Join(chart, "templates")},
			"Capabilities": map[string]interface{}{"KubeVersion": map[string]interface{}{"Version": "v1.31.0"}},
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, data); err != nil {
			fail("%v", err)
		}
		out[file] = strings.ReplaceAll(buf.String(), "<no value>", "")
	}
	encoded, _ := json.Marshal(out)
	os.Stdout.Write(encoded)
}
