// SPDX-License-Identifier: MIT
#pragma once

#include <QStringView>

namespace sb {

// E.164 as the contract states it: '+', a first digit 1-9, 2 to 15 digits in all. No spaces or dashes.
inline bool isE164(QStringView number)
{
    if (number.size() < 3 || number.size() > 16 || number.front() != QLatin1Char('+'))
        return false;
    if (number[1] < QLatin1Char('1') || number[1] > QLatin1Char('9'))
        return false;
    for (qsizetype i = 2; i < number.size(); ++i) {
        if (number[i] < QLatin1Char('0') || number[i] > QLatin1Char('9'))
            return false;
    }
    return true;
}

} // namespace sb
