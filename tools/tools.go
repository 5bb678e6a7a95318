// Package tools pins the generators the project runs (go tool, tool directives in go.mod).
package tools

// Format examples, then generate docs/ from the provider schema, templates/ and examples/.
//go:generate terraform fmt -recursive ../examples/
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name fams
