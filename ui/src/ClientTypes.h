// SPDX-License-Identifier: MIT
#pragma once

#include "client/BackendClient.h"

// Qt
#include <QtQml/qqml.h>

namespace sb {

// The client library knows nothing of QML (it is GUI-free): its types are registered for this module here.
struct BackendClientForeign {
    Q_GADGET
    QML_FOREIGN(sb::BackendClient)
    QML_NAMED_ELEMENT(BackendClient)
    QML_UNCREATABLE("BackendClient is created by the application and handed to the window.")
};

} // namespace sb
