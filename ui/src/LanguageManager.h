// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>
#include <QPointer>
#include <QTranslator>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

// C++
#include <memory>

class QQmlEngine;

namespace sb {

// The UI language: the system locale chooses unless a language is set (Settings, or SWITCHBOARD_LANGUAGE).
// Switching reloads the translator and retranslates the window in place: no restart.
// Translations are compiled into the program as :/i18n/switchboard_<lang>.qm.
class LanguageManager : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("LanguageManager is created by the application and handed to the window.")
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QString effectiveLanguage READ effectiveLanguage NOTIFY languageChanged)
    Q_PROPERTY(QVariantList languages READ languages CONSTANT)

public:
    explicit LanguageManager(QQmlEngine *engine, QObject *parent = nullptr);
    ~LanguageManager() override;

    QString language() const { return m_language; }
    // "" = follow the system; "en", "de", "es".
    void setLanguage(const QString &language);
    QString effectiveLanguage() const { return m_effective; }
    // [{code: "", name: "System (Deutsch)"}, {code: "en", name: "English"}, ...]; names in their own language.
    QVariantList languages() const;

    static QStringList available() { return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("es")}; }

signals:
    void languageChanged();

private:
    void apply();

    QPointer<QQmlEngine> m_engine;
    std::unique_ptr<QTranslator> m_translator;
    QString m_language;
    QString m_effective;
};

} // namespace sb
