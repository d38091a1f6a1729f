// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QStringList>

// `switchboard simulate [--port P] [--host ADDRESS] [--webhook-url URL] [--incoming-every S] [--give-up-after S]`:
// the built-in Telnyx simulator alone, headless, until SIGINT/SIGTERM, for anyone developing against Telnyx Call
// Control offline. Its REST API takes Telnyx's paths and keys; its webhooks are signed as Telnyx signs them. On
// stdout, once listening, it prints shell assignments (TELNYX_API_BASE=..., TELNYX_API_KEY=...,
// TELNYX_APPLICATION_ID=..., TELNYX_PUBLIC_KEY=...) and, as a comment, how to place an incoming call with curl.
bool isSimulateCommand(const QStringList &arguments);
int runSimulateCommand(int argc, char **argv, const QStringList &arguments);
