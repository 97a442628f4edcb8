#!/usr/bin/env node
import { followParent } from '../dist/follow-parent.js';
import { main } from '../dist/main.js';

followParent();
process.exitCode = await main(process.argv.slice(2));
