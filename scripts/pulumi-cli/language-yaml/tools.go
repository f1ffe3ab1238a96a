//go:build tools

// Package tools records the YAML language host as a dependency so go.mod/go.sum pin it.
package tools

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
)
