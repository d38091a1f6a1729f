// SPDX-License-Identifier: MIT
#pragma once

#include "calls/CallRecord.h"
#include "store/DatabaseUrl.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace sb {

class CallStore;

// Stores batches of accepted webhook events, and the call records they change, in one transaction
// each. Lives on a thread of its own with its own database connection, so that the disk sync of a
// commit never stalls the event loop that reads, verifies and answers requests (WAL lets the API's
// connection keep reading meanwhile). Everything here runs on the writer thread.
class EventWriter : public QObject {
    Q_OBJECT
public:
    struct Result {
        bool ok = false;
        QString error;
        std::vector<bool> isNew;                      // per event: false = its data.id was stored before
        std::vector<std::optional<CallRecord>> calls; // per new event: the call record after it
    };

    explicit EventWriter(DatabaseUrl database);
    ~EventWriter() override;

    Result write(const std::vector<CallEvent> &events);

private:
    bool writeInTransaction(const std::vector<CallEvent> &events, Result &result);

    DatabaseUrl m_database;
    std::unique_ptr<CallStore> m_store; // opened lazily, on the writer thread
};

} // namespace sb
