#!/usr/bin/env node
// The `identity` command. A committed file rather than a path into dist/, so that installing the workspace can link
// it before anything is built.
import '../dist/cli.js';
