#!/usr/bin/env node
import "../dist/llmcost.js";
