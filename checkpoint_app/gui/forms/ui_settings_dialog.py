# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
    QLabel, QSizePolicy, QSpinBox, QVBoxLayout,
    QWidget)

class Ui_SettingsDialog(object):
    def setupUi(self, SettingsDialog):
        if not SettingsDialog.objectName():
            SettingsDialog.setObjectName(u"SettingsDialog")
        SettingsDialog.resize(480, 440)
        self.layout = QVBoxLayout(SettingsDialog)
        self.layout.setObjectName(u"layout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.feverLabel = QLabel(SettingsDialog)
        self.feverLabel.setObjectName(u"feverLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.feverLabel)

        self.feverSpin = QDoubleSpinBox(SettingsDialog)
        self.feverSpin.setObjectName(u"feverSpin")
        self.feverSpin.setDecimals(1)
        self.feverSpin.setMinimum(37.000000000000000)
        self.feverSpin.setMaximum(38.500000000000000)
        self.feverSpin.setSingleStep(0.100000000000000)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.feverSpin)

        self.natHoursLabel = QLabel(SettingsDialog)
        self.natHoursLabel.setObjectName(u"natHoursLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.natHoursLabel)

        self.natHoursSpin = QSpinBox(SettingsDialog)
        self.natHoursSpin.setObjectName(u"natHoursSpin")
        self.natHoursSpin.setMinimum(12)
        self.natHoursSpin.setMaximum(168)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.natHoursSpin)

        self.idleLabel = QLabel(SettingsDialog)
        self.idleLabel.setObjectName(u"idleLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.idleLabel)

        self.idleSpin = QSpinBox(SettingsDialog)
        self.idleSpin.setObjectName(u"idleSpin")
        self.idleSpin.setMinimum(1)
        self.idleSpin.setMaximum(120)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.idleSpin)

        self.soundLabel = QLabel(SettingsDialog)
        self.soundLabel.setObjectName(u"soundLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.soundLabel)

        self.soundCheck = QCheckBox(SettingsDialog)
        self.soundCheck.setObjectName(u"soundCheck")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.soundCheck)

        self.keepImagesLabel = QLabel(SettingsDialog)
        self.keepImagesLabel.setObjectName(u"keepImagesLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.keepImagesLabel)

        self.keepImagesSpin = QSpinBox(SettingsDialog)
        self.keepImagesSpin.setObjectName(u"keepImagesSpin")
        self.keepImagesSpin.setMinimum(0)
        self.keepImagesSpin.setMaximum(30)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.keepImagesSpin)

        self.retentionLabel = QLabel(SettingsDialog)
        self.retentionLabel.setObjectName(u"retentionLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.retentionLabel)

        self.retentionSpin = QSpinBox(SettingsDialog)
        self.retentionSpin.setObjectName(u"retentionSpin")
        self.retentionSpin.setMinimum(7)
        self.retentionSpin.setMaximum(365)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.retentionSpin)

        self.retentionInForceLabel = QLabel(SettingsDialog)
        self.retentionInForceLabel.setObjectName(u"retentionInForceLabel")
        self.retentionInForceLabel.setTextFormat(Qt.PlainText)
        self.retentionInForceLabel.setWordWrap(True)

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.retentionInForceLabel)

        self.languageLabel = QLabel(SettingsDialog)
        self.languageLabel.setObjectName(u"languageLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.languageLabel)

        self.languageCombo = QComboBox(SettingsDialog)
        self.languageCombo.setObjectName(u"languageCombo")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.languageCombo)


        self.layout.addLayout(self.formLayout)

        self.messageLabel = QLabel(SettingsDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)

        self.layout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(SettingsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.feverLabel.setBuddy(self.feverSpin)
        self.natHoursLabel.setBuddy(self.natHoursSpin)
        self.idleLabel.setBuddy(self.idleSpin)
        self.soundLabel.setBuddy(self.soundCheck)
        self.keepImagesLabel.setBuddy(self.keepImagesSpin)
        self.retentionLabel.setBuddy(self.retentionSpin)
        self.languageLabel.setBuddy(self.languageCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(SettingsDialog)

        QMetaObject.connectSlotsByName(SettingsDialog)
    # setupUi

    def retranslateUi(self, SettingsDialog):
        SettingsDialog.setWindowTitle(QCoreApplication.translate("SettingsDialog", u"\u8bbe\u7f6e", None))
        self.feverLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u53d1\u70ed\u9608\u503c\uff08\u00b0C\uff09", None))
        self.natHoursLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u6838\u9178\u6709\u6548\u65f6\u957f\uff08\u5c0f\u65f6\uff09", None))
        self.idleLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u65e0\u64cd\u4f5c\u81ea\u52a8\u9501\u5c4f\uff08\u5206\u949f\uff09", None))
        self.soundLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u63d0\u793a\u97f3", None))
        self.soundCheck.setText(QCoreApplication.translate("SettingsDialog", u"\u4fdd\u5b58\u540e\u64ad\u653e\u63d0\u793a\u97f3", None))
        self.keepImagesLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u622a\u56fe\u4fdd\u7559\u5929\u6570", None))
        self.keepImagesSpin.setSpecialValueText(QCoreApplication.translate("SettingsDialog", u"\u4e0d\u4fdd\u7559\uff08\u53ea\u5b58\u54c8\u5e0c\u4e0e\u8bc6\u522b\u7ed3\u679c\uff09", None))
        self.retentionLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u8bb0\u5f55\u4fdd\u7559\u5929\u6570(&R)", None))
        self.retentionSpin.setSuffix(QCoreApplication.translate("SettingsDialog", u" \u5929", None))
        self.retentionInForceLabel.setText("")
        self.languageLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u754c\u9762\u8bed\u8a00", None))
        self.messageLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u4fee\u6539\u4f1a\u8bb0\u5165\u5ba1\u8ba1\u65e5\u5fd7\u3002\u754c\u9762\u8bed\u8a00\u5728\u4e0b\u6b21\u542f\u52a8\u65f6\u751f\u6548\u3002", None))
    # retranslateUi

