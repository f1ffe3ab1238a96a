//go:build tools

// Package tools records the Python language host as a dependency so go.mod/go.sum pin it.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
)
