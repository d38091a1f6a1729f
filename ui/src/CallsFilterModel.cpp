// SPDX-License-Identifier: MIT
#include "CallsFilterModel.h"

#include "CallsModel.h"

namespace sb {

namespace {

QString digitsOnly(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c.isDigit() || c == QLatin1Char('+'))
            out.append(c);
    }
    return out;
}

} // namespace

CallsFilterModel::CallsFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    connect(this, &QAbstractItemModel::rowsInserted, this, &CallsFilterModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &CallsFilterModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &CallsFilterModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &CallsFilterModel::countChanged);
}

void CallsFilterModel::setSearchText(const QString &text)
{
    if (m_searchText == text)
        return;
    m_searchText = text;
    m_needle = text.trimmed();
    m_needleDigits = digitsOnly(m_needle);
    invalidateRowsFilter();
    emit searchTextChanged();
}

void CallsFilterModel::setLiveOnly(bool liveOnly)
{
    if (m_liveOnly == liveOnly)
        return;
    m_liveOnly = liveOnly;
    invalidateRowsFilter();
    emit liveOnlyChanged();
}

bool CallsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex call = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_liveOnly && !call.data(CallsModel::LiveRole).toBool())
        return false;
    if (m_needle.isEmpty())
        return true;
    if (call.data(CallsModel::AgentIdRole).toString().contains(m_needle, Qt::CaseInsensitive))
        return true;
    if (m_needleDigits.isEmpty() || m_needleDigits == QLatin1String("+"))
        return false;
    return call.data(CallsModel::ToRole).toString().contains(m_needleDigits) ||
           call.data(CallsModel::FromRole).toString().contains(m_needleDigits);
}

QVariantMap CallsFilterModel::get(int row) const
{
    const auto *calls = qobject_cast<const CallsModel *>(sourceModel());
    if (!calls || row < 0 || row >= rowCount())
        return {};
    return calls->get(mapToSource(index(row, 0)).row());
}

int CallsFilterModel::rowOf(const QString &callControlId) const
{
    const auto *calls = qobject_cast<const CallsModel *>(sourceModel());
    if (!calls)
        return -1;
    return mapFromSource(calls->index(calls->rowOf(callControlId))).row(); // -1 when unknown or filtered out
}

} // namespace sb
