// SPDX-License-Identifier: MIT
#include "LanguageManager.h"

#include "UiLogging.h"

// Qt
#include <QCoreApplication>
#include <QLocale>
#include <QQmlEngine>

namespace sb {

namespace {

QString nativeName(const QString &code)
{
    const QLocale locale(code);
    QString name = locale.nativeLanguageName();
    if (!name.isEmpty())
        name[0] = name.at(0).toUpper();
    return name;
}

} // namespace

LanguageManager::LanguageManager(QQmlEngine *engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    apply();
}

LanguageManager::~LanguageManager()
{
    if (m_translator)
        QCoreApplication::removeTranslator(m_translator.get());
}

void LanguageManager::setLanguage(const QString &language)
{
    const QString code = available().contains(language) ? language : QString();
    if (code == m_language)
        return;
    m_language = code;
    apply();
    emit languageChanged();
}

QVariantList LanguageManager::languages() const
{
    QVariantList list;
    list << QVariantMap{{QStringLiteral("code"), QString()},
                        {QStringLiteral("name"), tr("System language (%1)").arg(nativeName(QLocale::system().name()))}};
    for (const QString &code : available())
        list << QVariantMap{{QStringLiteral("code"), code}, {QStringLiteral("name"), nativeName(code)}};
    return list;
}

void LanguageManager::apply()
{
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator.get());
        m_translator.reset();
    }
    const QLocale locale = m_language.isEmpty() ? QLocale::system() : QLocale(m_language);
    m_effective = QStringLiteral("en");
    auto translator = std::make_unique<QTranslator>();
    // English is the source language: its .qm is empty, so English needs no translator.
    if (translator->load(locale, QStringLiteral("switchboard"), QStringLiteral("_"), QStringLiteral(":/i18n")) &&
        !translator->isEmpty()) {
        m_effective = translator->language().left(2);
        QCoreApplication::installTranslator(translator.get());
        m_translator = std::move(translator);
    }
    qCInfo(lcUi).noquote() << "language" << (m_language.isEmpty() ? QStringLiteral("system") : m_language) << "->"
                           << m_effective;
    if (m_engine)
        m_engine->retranslate();
}

} // namespace sb
