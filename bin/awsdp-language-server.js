#!/usr/bin/env node
'use strict';
require('./check-build.js')(require('node:path').join(__dirname, '..'), 'server.js');
require('../dist/server.js');
