// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>

namespace sb {

// Some of a CallsModel's rows, in its order (newest first), as KDE's models put a QSortFilterProxyModel over
// the source for a search. In QML: `CallsFilterModel { sourceModel: calls; searchText: field.text }`.
//
// - searchText keeps the calls whose number (to or from) or agent contains it (digits compare without spaces);
//   it covers the pages loaded so far, and the source's loadMore() pulls further pages.
// - liveOnly keeps the calls that have not ended (the supervisor's view).
// A call whose row changes (it ends, say) is filtered again at once.
class CallsFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString searchText READ searchText WRITE setSearchText NOTIFY searchTextChanged)
    Q_PROPERTY(bool liveOnly READ liveOnly WRITE setLiveOnly NOTIFY liveOnlyChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit CallsFilterModel(QObject *parent = nullptr);

    QString searchText() const { return m_searchText; }
    void setSearchText(const QString &text);
    bool liveOnly() const { return m_liveOnly; }
    void setLiveOnly(bool liveOnly);
    int count() const { return rowCount(); }

    // The call on `row` as a map of the role names of CallsModel (for detail views); empty for another source.
    Q_INVOKABLE QVariantMap get(int row) const;
    // The row of a call, or -1 when it is not shown.
    Q_INVOKABLE int rowOf(const QString &callControlId) const;

signals:
    void searchTextChanged();
    void liveOnlyChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_searchText;
    QString m_needle;       // searchText trimmed
    QString m_needleDigits; // its digits and '+', to compare with numbers written without spaces
    bool m_liveOnly = false;
};

} // namespace sb
