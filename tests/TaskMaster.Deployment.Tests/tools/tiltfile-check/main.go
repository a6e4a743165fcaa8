// tiltfile-check runs a Tiltfile in a Starlark interpreter whose Tilt built-ins are stubs with
// Tilt's own signatures (parameter names, which are required, the types of the ones TaskMaster's
// Tiltfile relies on), so a syntax error, an undefined name, a misspelt keyword or a missing
// argument fails as `tilt up` would fail, without a cluster. It prints each built-in call as one
// JSON object a line ({"fn": name, "args": {parameter: value}}) for the caller to check.
// The dialect is Tilt's: top-level if/for, reassigned globals, recursion, sets, lambdas.
// Usage: tiltfile-check TILTFILE   (exit 1 and the error on stderr when it does not run)
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// Tilt's signatures (https://docs.tilt.dev/api.html); "name?" is optional.
var signatures = map[string][]string{
	"allow_k8s_contexts": {"contexts"},
	"custom_build": {"ref", "command", "deps", "tag?", "disable_push?", "skips_local_docker?", "live_update?",
		"match_in_env_vars?", "ignore?", "entrypoint?", "command_bat_val?", "outputs_image_ref_to?", "container_args?",
		"command_bat?", "image_deps?", "env?", "dir?"},
	"docker_build": {"ref", "context", "build_args?", "dockerfile?", "dockerfile_contents?", "live_update?",
		"match_in_env_vars?", "ignore?", "only?", "entrypoint?", "target?", "ssh?", "network?", "secret?", "extra_tag?",
		"container_args?", "cache_from?", "pull?", "platform?", "extra_hosts?", "env?"},
	"fall_back_on": {"files"},
	"helm":         {"pathToChartDir", "name?", "namespace?", "values?", "set?", "kube_version?", "skip_crds?"},
	"k8s_resource": {"workload?", "new_name?", "port_forwards?", "extra_pod_selectors?", "trigger_mode?", "resource_deps?",
		"objects?", "auto_init?", "pod_readiness?", "links?", "labels?", "discovery_strategy?"},
	"k8s_yaml": {"yaml", "allow_duplicates?"},
	"link":     {"url", "name?"},
	"local_resource": {"name", "cmd?", "deps?", "trigger_mode?", "resource_deps?", "ignore?", "auto_init?", "serve_cmd?",
		"cmd_bat?", "serve_cmd_bat?", "allow_parallel?", "links?", "tags?", "env?", "serve_env?", "readiness_probe?", "dir?",
		"serve_dir?", "labels?"},
	"port_forward": {"local_port", "container_port?", "name?", "link_path?", "host?"},
	"run":          {"cmd", "trigger?", "echo_off?"},
	"sync":         {"local_path", "remote_path"},
	"watch_file":   {"path"},
}

// The types Tilt checks of the arguments a Tiltfile most often gets wrong.
var types = map[string]string{
	"custom_build.ref": "string", "custom_build.deps": "list", "custom_build.live_update": "list", "custom_build.env": "dict",
	"docker_build.ref": "string", "docker_build.context": "string", "docker_build.live_update": "list",
	"helm.pathToChartDir": "string", "helm.name": "string", "helm.values": "list",
	"k8s_resource.workload": "string", "k8s_resource.port_forwards": "list", "k8s_resource.resource_deps": "list",
	"k8s_resource.labels": "list", "k8s_resource.links": "list",
	"local_resource.name": "string", "local_resource.deps": "list", "local_resource.labels": "list", "local_resource.auto_init": "bool",
	"port_forward.local_port": "int", "port_forward.container_port": "int", "port_forward.name": "string",
	"sync.local_path": "string", "sync.remote_path": "string", "fall_back_on.files": "list", "link.url": "string",
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: tiltfile-check TILTFILE")
		os.Exit(2)
	}
	resolve.AllowGlobalReassign = true
	resolve.AllowRecursion = true
	resolve.AllowSet = true
	resolve.AllowLambda = true
	resolve.AllowNestedDef = true

	out := json.NewEncoder(os.Stdout)
	predeclared := starlark.StringDict{
		"TRIGGER_MODE_AUTO":   starlark.MakeInt(0),
		"TRIGGER_MODE_MANUAL": starlark.MakeInt(1),
		"os": &starlarkstruct.Module{Name: "os", Members: starlark.StringDict{
			"getenv": starlark.NewBuiltin("os.getenv", getenv),
		}},
	}
	for name, params := range signatures {
		predeclared[name] = stub(name, params, out)
	}
	thread := &starlark.Thread{Name: "tiltfile-check", Load: func(*starlark.Thread, string) (starlark.StringDict, error) {
		return nil, fmt.Errorf("load() is not stubbed: TaskMaster's Tiltfile uses no extensions")
	}}
	if _, err := starlark.ExecFile(thread, os.Args[1], nil, predeclared); err != nil {
		if evalErr, ok := err.(*starlark.EvalError); ok {
			fmt.Fprintln(os.Stderr, evalErr.Backtrace())
		} else {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
}

func getenv(_ *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key string
	var fallback starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "key", &key, "default?", &fallback); err != nil {
		return nil, err
	}
	if value, ok := os.LookupEnv(key); ok {
		return starlark.String(value), nil
	}
	return fallback, nil
}

// stub is a built-in that checks its arguments against Tilt's signature, records the call and
// returns a struct standing for what Tilt returns (a live-update step, a port forward, YAML).
func stub(name string, params []string, out *json.Encoder) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		values := make([]starlark.Value, len(params))
		pairs := make([]interface{}, 0, 2*len(params))
		for i, param := range params {
			pairs = append(pairs, param, &values[i])
		}
		if err := starlark.UnpackArgs(name, args, kwargs, pairs...); err != nil {
			return nil, err
		}
		given := map[string]interface{}{}
		fields := starlark.StringDict{"kind": starlark.String(name)}
		for i, param := range params {
			param = strings.TrimSuffix(param, "?")
			if values[i] == nil {
				continue
			}
			if want, ok := types[name+"."+param]; ok {
				if err := check(values[i], want); err != nil {
					return nil, fmt.Errorf("%s: for parameter %s: %v", name, param, err)
				}
			}
			given[param] = plain(values[i])
			fields[param] = values[i]
		}
		if err := out.Encode(map[string]interface{}{"fn": name, "args": given}); err != nil {
			return nil, err
		}
		return starlarkstruct.FromStringDict(starlark.String(name), fields), nil
	})
}

func check(value starlark.Value, want string) error {
	got := value.Type()
	ok := false
	switch want {
	case "string":
		_, ok = value.(starlark.String)
	case "int":
		_, ok = value.(starlark.Int)
	case "bool":
		_, ok = value.(starlark.Bool)
	case "list":
		_, isList := value.(*starlark.List)
		_, isTuple := value.(starlark.Tuple)
		ok = isList || isTuple
	case "dict":
		_, ok = value.(*starlark.Dict)
	}
	if !ok {
		return fmt.Errorf("got %s, want %s", got, want)
	}
	return nil
}

// plain turns a Starlark value into what encoding/json writes.
func plain(value starlark.Value) interface{} {
	switch v := value.(type) {
	case starlark.NoneType:
		return nil
	case starlark.String:
		return string(v)
	case starlark.Bool:
		return bool(v)
	case starlark.Int:
		i, _ := v.Int64()
		return i
	case *starlark.List:
		items := make([]interface{}, v.Len())
		for i := range items {
			items[i] = plain(v.Index(i))
		}
		return items
	case starlark.Tuple:
		items := make([]interface{}, len(v))
		for i := range v {
			items[i] = plain(v[i])
		}
		return items
	case *starlark.Dict:
		entries := map[string]interface{}{}
		for _, item := range v.Items() {
			entries[fmt.Sprint(plain(item[0]))] = plain(item[1])
		}
		return entries
	case *starlarkstruct.Struct:
		fields := map[string]interface{}{}
		names := v.AttrNames()
		sort.Strings(names)
		for _, field := range names {
			attr, _ := v.Attr(field)
			fields[field] = plain(attr)
		}
		return fields
	default:
		return value.String()
	}
}
