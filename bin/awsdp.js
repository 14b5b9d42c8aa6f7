#!/usr/bin/env node
'use strict';
require('./check-build.js')(require('node:path').join(__dirname, '..'), 'cli.js');
require('../dist/cli.js');
