// SPDX-License-Identifier: MIT
#include "simulator/TelnyxFormats.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUuid>

namespace sb::telnyx {

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString newCallControlId()
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray bytes(reinterpret_cast<const char *>(words), sizeof words);
    return QStringLiteral("v3:") +
           QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString isoMicros(std::chrono::system_clock::time_point time)
{
    using namespace std::chrono;
    const qint64 micros = duration_cast<microseconds>(time.time_since_epoch()).count();
    const qint64 seconds = micros / 1000000;
    const qint64 fraction = micros % 1000000;
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) +
           QStringLiteral(".%1Z").arg(fraction, 6, 10, QLatin1Char('0'));
}

bool isStandardBase64(QStringView text)
{
    if (text.size() % 4 != 0)
        return false;
    qsizetype padding = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        const bool alphabet =
            (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'+' || c == u'/';
        if (c == u'=') {
            ++padding;
            continue;
        }
        if (!alphabet || padding > 0) // nothing may follow the padding
            return false;
    }
    return padding <= 2;
}

QJsonObject errorObject(const QString &code, const QString &title, const QString &detail, const QString &pointer)
{
    QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("title"), title}};
    if (!detail.isEmpty())
        error.insert(QStringLiteral("detail"), detail);
    if (!pointer.isEmpty())
        error.insert(QStringLiteral("source"), QJsonObject{{QStringLiteral("pointer"), pointer}});
    return error;
}

QByteArray errorsBody(const QJsonObject &error)
{
    return compactJson({{QStringLiteral("errors"), QJsonArray{error}}});
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace sb::telnyx
